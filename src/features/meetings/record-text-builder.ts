// The text of a record, built piece by piece in its final form as the file is read: "\n" between lines, nothing
// blank at the end of a line, at most one blank line in a row, nothing blank at either end. Nothing already
// written is looked at again, so reading stays linear in the size of the file.
//
// The limits are counted as the text grows. Past one, the builder stops keeping text and only counts, so memory
// stays bounded and the refusal can still say how large the record is; a reader that would rather stop at once
// calls checkLimits.
import { isWhitespace, paragraphLimitError, recordLimits, textLimitError } from "./record-limits.ts";

const space = 0x20;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;

export class RecordTextBuilder {
  private text = "";
  /** Characters of the final text so far, kept or not. */
  private length = 0;
  private paragraphs = 0;
  private keeping = true;
  private started = false;
  private lineHasText = false;
  /** Line breaks after the last visible character: written only once more text follows. */
  private pendingBreaks = 0;
  private lastWritten = "";
  private afterCarriageReturn = false;
  // Blank characters after the line's last visible one, held back because a line break drops them. The trailing
  // run of plain spaces is only counted, so trimming it (for every table cell) costs nothing.
  private held = "";
  private heldLength = 0;
  private heldLast = "";
  private heldSpaces = 0;
  private heldKept = true;

  /** `keepChars`: how much text to keep before only counting; a footnote shares what the body left over. */
  constructor(private readonly keepChars: number = recordLimits.textChars) {}

  /** True until anything, even a blank, has been written since the start. */
  get isEmpty(): boolean {
    return !this.started && this.heldLength === 0 && this.heldSpaces === 0;
  }

  /** The last character written, blanks that may still be dropped included. */
  get lastChar(): string {
    if (this.heldSpaces > 0) return " ";
    if (this.heldLength > 0) return this.heldLast;
    return this.pendingBreaks > 0 ? "\n" : this.lastWritten;
  }

  get chars(): number {
    return this.length;
  }

  /** The text so far, or null once the builder only counts. */
  get keptText(): string | null {
    return this.keeping ? this.text : null;
  }

  write(raw: string): void {
    const n = raw.length;
    let i = 0;
    while (i < n) {
      const code = raw.charCodeAt(i);
      if (code === lineFeed || code === carriageReturn) {
        if (!(code === lineFeed && this.afterCarriageReturn)) this.breakLine();
        this.afterCarriageReturn = code === carriageReturn;
        i++;
        continue;
      }
      this.afterCarriageReturn = false;
      let j = i + 1;
      if (isWhitespace(code)) {
        while (j < n && isBlank(raw.charCodeAt(j))) j++;
        this.hold(raw, i, j);
      } else {
        while (j < n && !isWhitespace(raw.charCodeAt(j))) j++;
        this.commit(raw, i, j);
      }
      i = j;
    }
  }

  breakLine(): void {
    this.afterCarriageReturn = false;
    this.dropHeld();
    this.lineHasText = false;
    // Three or more line breaks in a row are one blank line.
    if (this.started && this.pendingBreaks < 2) this.pendingBreaks++;
  }

  /** Drops the plain spaces at the end of the line, as a table cell or a block boundary does. */
  trimLineEnd(): void {
    this.heldSpaces = 0;
  }

  /** Appends text built on its own (a footnote) on lines of its own. */
  appendLines(block: RecordTextBuilder): void {
    if (!this.isEmpty && this.lastChar !== "\n") this.breakLine();
    if (block.keeping) {
      this.write(block.text);
    } else {
      this.keeping = false;
      this.started = true;
      this.length += block.length + this.pendingBreaks;
      this.paragraphs += block.paragraphs;
      this.pendingBreaks = 0;
    }
    this.breakLine();
  }

  /** Refuses, without waiting for the rest of the file, once the text is over a limit. */
  checkLimits(): void {
    if (this.length > recordLimits.textChars) throw textLimitError(null, "file");
    if (this.paragraphs > recordLimits.paragraphs) throw paragraphLimitError(null, "file");
  }

  /** The text, or the refusal of the first limit it passed. */
  finish(): string {
    if (this.length > recordLimits.textChars) throw textLimitError(this.length, "file");
    if (this.paragraphs > recordLimits.paragraphs) throw paragraphLimitError(this.paragraphs, "file");
    return this.text;
  }

  private hold(raw: string, start: number, end: number): void {
    let spacesFrom = end;
    while (spacesFrom > start && raw.charCodeAt(spacesFrom - 1) === space) spacesFrom--;
    if (spacesFrom > start) {
      // Something other than a plain space: the spaces before it can no longer be trimmed away.
      const added = this.heldSpaces + (spacesFrom - start);
      if (this.heldKept && this.keeping && this.length + this.heldLength + added <= this.keepChars) {
        this.held += " ".repeat(this.heldSpaces) + raw.slice(start, spacesFrom);
      } else {
        // Blank this long can only be dropped by a line break or push the text over the limit.
        this.heldKept = false;
        this.held = "";
      }
      this.heldLength += added;
      this.heldLast = raw[spacesFrom - 1]!;
      this.heldSpaces = 0;
    }
    this.heldSpaces += end - spacesFrom;
  }

  private commit(raw: string, start: number, end: number): void {
    if (!this.started) {
      // Blank before the first visible character is trimmed.
      this.started = true;
      this.dropHeld();
    }
    if (!this.lineHasText) {
      this.lineHasText = true;
      this.paragraphs++;
      if (this.paragraphs > recordLimits.paragraphs) this.keeping = false;
    }
    const blank = this.pendingBreaks + this.heldLength + this.heldSpaces;
    const added = blank + (end - start);
    if (this.keeping && (!this.heldKept || this.length + added > this.keepChars)) this.keeping = false;
    if (this.keeping) {
      const breaks = this.pendingBreaks === 0 ? "" : this.pendingBreaks === 1 ? "\n" : "\n\n";
      this.text += breaks + this.held + " ".repeat(this.heldSpaces) + raw.slice(start, end);
    }
    this.length += added;
    this.pendingBreaks = 0;
    this.lastWritten = raw[end - 1]!;
    this.dropHeld();
  }

  private dropHeld(): void {
    this.held = "";
    this.heldLength = 0;
    this.heldLast = "";
    this.heldSpaces = 0;
    this.heldKept = true;
  }
}

/** Blank within a line: whitespace other than a line break. */
function isBlank(code: number): boolean {
  return code !== lineFeed && code !== carriageReturn && isWhitespace(code);
}
