// The text of a .docx, read in one pass over word/document.xml as it inflates: no DOM of the document, no HTML in
// between. Lines come out as Word shows them: a paragraph per line, line breaks kept, table rows one per line
// with cells separated by tabs (a cell's own paragraphs joined by a space), footnotes and endnotes numbered
// "[1]" in the text and listed after it. Only what Word displays is read: deleted text, field codes, properties
// and the newer of two alternative renderings are skipped, as mammoth (which this replaces) did.
import { Parser } from "htmlparser2";
import type { EventLoopBudget } from "./event-loop-budget.ts";
import { documentParagraphLimitError, nestingLimitError, recordLimits } from "./record-limits.ts";
import { RecordTextBuilder } from "./record-text-builder.ts";
import { type InflateAllowance, inflateEntry, type ZipEntry } from "./zip-entries.ts";

/** The XML of the document part could not be parsed: the file is damaged. */
export class BrokenDocxError extends Error {}

const documentPart = "word/document.xml";
const noteParts = { footnote: "word/footnotes.xml", endnote: "word/endnotes.xml" } as const;
type NoteKind = keyof typeof noteParts;
/** The zip entries this reader may open. */
export const docxParts = [documentPart, ...Object.values(noteParts)];
const sliceChars = 16 * 1024;

// Canonical prefixes by namespace, so a file that binds its own prefixes (or a default namespace) reads the same.
const namespaces: Record<string, string> = {
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
  "http://purl.oclc.org/ooxml/wordprocessingml/main": "w",
  "http://schemas.openxmlformats.org/markup-compatibility/2006": "mc",
  "urn:schemas-microsoft-com:vml": "v",
  "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": "wp",
  "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": "wp",
};

// Elements whose content is read. Anything else is skipped with all it contains: properties, deleted text
// (w:del, w:moveFrom), field codes (w:instrText), the choice of an mc:AlternateContent (its fallback is read), and
// pictures (wp:inline, wp:anchor), whose text boxes come back through the VML fallback.
const containers = new Set([
  "w:document",
  "w:body",
  "w:footnotes",
  "w:endnotes",
  "w:p",
  "w:r",
  "w:t",
  "w:tbl",
  "w:tr",
  "w:tc",
  "w:hyperlink",
  "w:ins",
  "w:moveTo",
  "w:smartTag",
  "w:customXml",
  "w:fldSimple",
  "w:sdt",
  "w:sdtContent",
  "w:dir",
  "w:bdo",
  "w:ruby",
  "w:rubyBase",
  "w:drawing",
  "w:pict",
  "w:object",
  "w:txbxContent",
  "v:shape",
  "v:textbox",
  "v:group",
  "v:rect",
  "v:roundrect",
  "mc:AlternateContent",
  "mc:Fallback",
]);

type Cell = { state: "pending" | "open" | "dropped"; continuesMerge: boolean };
type Paragraph = { deletedMark: boolean; extras: RecordTextBuilder[] };
type Row = { deleted: boolean };
type Table = { rowsDone: number };

/**
 * Where one stream of text goes (the body, or one footnote) and the layout state around it, the rules the HTML
 * reader applies to <p>, <br>, <tr> and <td>.
 */
class Layout {
  pendingSpace = false;
  cellDepth = 0;
  rowCells: number[] = [];
  tables: Table[] = [];
  rows: Row[] = [];
  cells: Cell[] = [];
  paragraphs: Paragraph[] = [];
  joinNext = false;
  /** Text boxes of a paragraph whose mark was deleted: they follow the paragraph it runs on into. */
  carriedExtras: RecordTextBuilder[] = [];

  constructor(readonly out: RecordTextBuilder) {}

  endLine(always: boolean): void {
    if (this.cellDepth > 0) {
      // Paragraphs inside one cell stay on the row's line, or the columns would fall apart.
      this.pendingSpace = true;
      return;
    }
    this.out.trimLineEnd();
    if (always || (!this.out.isEmpty && this.out.lastChar !== "\n")) this.out.breakLine();
    this.pendingSpace = false;
  }

  writeText(raw: string): void {
    const last = this.out.lastChar;
    if (
      this.pendingSpace &&
      raw !== "" &&
      !this.out.isEmpty &&
      last !== " " &&
      last !== "\t" &&
      last !== "\n"
    ) {
      this.out.write(" ");
    }
    this.out.write(raw);
    this.pendingSpace = false;
  }

  /** Text read on its own (a text box) after the current line, or inside the cell it belongs to. */
  appendBlock(block: RecordTextBuilder): void {
    const text = block.keptText;
    if (this.cellDepth > 0 && text !== null) {
      // Inside a cell its lines join the row's line, as the cell's own paragraphs do.
      this.pendingSpace = true;
      if (text !== "") this.writeText(text.replace(/\n+/g, " "));
      this.pendingSpace = true;
      return;
    }
    this.out.appendLines(block);
  }

  /** Starts a cell once its properties are known; false for one that is not shown. */
  openCell(cell: Cell): boolean {
    const table = this.tables.at(-1);
    if (cell.continuesMerge && table && table.rowsDone > 0) {
      // A vertically merged cell is shown once, in its first row.
      cell.state = "dropped";
      return false;
    }
    cell.state = "open";
    const index = this.rowCells.at(-1) ?? 0;
    if (index > 0 && this.cellDepth === 0) {
      this.out.trimLineEnd();
      this.out.write("\t");
      this.pendingSpace = false;
    }
    if (this.rowCells.length > 0) this.rowCells[this.rowCells.length - 1] = index + 1;
    this.cellDepth++;
    return true;
  }
}

class DocxWalker {
  paragraphElements = 0;
  readonly references: { kind: NoteKind; id: string }[] = [];
  readonly notes = new Map<string, RecordTextBuilder>();
  layout: Layout;
  private stack: string[] = [];
  private skipDepth = 0;
  private inText = false;
  private broken = false;
  private sawRoot = false;
  private ending = false;
  private openedLast = false;
  private noteChars = 0;
  private prefixes: Map<string, string> | null = null;
  private attributePrefix = "w:";
  private part: "document" | NoteKind = "document";
  private wanted = new Set<string>();
  private note: { key: string; layout: Layout } | null = null;
  private pictures: { outer: Layout; inner: Layout }[] = [];

  constructor(readonly body: Layout) {
    this.layout = body;
  }

  parser(part: "document" | NoteKind): Parser {
    this.part = part;
    this.stack = [];
    this.skipDepth = 0;
    this.inText = false;
    this.broken = false;
    this.sawRoot = false;
    this.ending = false;
    this.prefixes = null;
    this.wanted = new Set(this.references.filter((r) => r.kind === part).map((r) => r.id));
    return new Parser(
      {
        onopentag: (name, attributes) => this.open(name, attributes),
        onclosetag: (name, isImplied) => this.close(name, isImplied),
        ontext: (text) => {
          this.openedLast = false;
          if (this.inText && this.skipDepth === 0) this.layout.writeText(text);
        },
      },
      { xmlMode: true },
    );
  }

  /** Refuses as soon as the document passes a limit: reading on would only cost time. */
  checkLimits(): void {
    if (this.paragraphElements > recordLimits.paragraphs) throw documentParagraphLimitError();
    this.body.out.checkLimits();
  }

  /** Ends the part; false when it had no root or left an element open: it is not well-formed XML. */
  end(parser: Parser): boolean {
    this.ending = true;
    parser.end();
    return this.sawRoot && !this.broken;
  }

  private open(rawName: string, attributes: Record<string, string>): void {
    if (this.stack.length >= recordLimits.nestingDepth) throw nestingLimitError();
    if (this.stack.length === 0) {
      if (this.sawRoot) this.broken = true;
      this.sawRoot = true;
      this.bindPrefixes(attributes);
    }
    this.openedLast = true;
    const name = this.resolve(rawName);
    const parent = this.stack.at(-1);
    this.stack.push(name);
    if (name === "w:p") this.paragraphElements++;

    if (this.skipDepth > 0) {
      this.skipDepth++;
      this.peek(name, parent, attributes);
      return;
    }
    const layout = this.layout;
    const cell = layout.cells.at(-1);
    if (parent === "w:tc" && cell?.state === "pending" && name !== "w:tcPr") {
      if (!layout.openCell(cell)) {
        this.skipFrom(2);
        return;
      }
    }
    switch (name) {
      case "w:t":
        this.inText = true;
        return;
      case "w:tab":
        if (parent === "w:r") layout.writeText("\t");
        this.skip();
        return;
      case "w:br": {
        const type = this.attribute(attributes, "type");
        // Page and column breaks do not end a line of text.
        if (type === undefined || type === "textWrapping") layout.endLine(true);
        this.skip();
        return;
      }
      case "w:cr":
        layout.endLine(true);
        this.skip();
        return;
      case "w:noBreakHyphen":
        layout.writeText("\u2011");
        this.skip();
        return;
      case "w:softHyphen":
        layout.writeText("\u00ad");
        this.skip();
        return;
      case "w:sym": {
        // Symbol fonts put their characters in the private use area; those have no meaning as text.
        const code = Number.parseInt(this.attribute(attributes, "char") ?? "", 16);
        if (code > 0 && code <= 0x10ffff && !(code >= 0xe000 && code <= 0xf8ff)) {
          layout.writeText(String.fromCodePoint(code));
        }
        this.skip();
        return;
      }
      case "w:footnoteReference":
      case "w:endnoteReference": {
        if (this.part === "document") {
          const id = this.attribute(attributes, "id") ?? "";
          this.references.push({ kind: name === "w:footnoteReference" ? "footnote" : "endnote", id });
          layout.writeText(`[${this.references.length}]`);
        }
        this.skip();
        return;
      }
      case "w:footnote":
      case "w:endnote": {
        const id = this.attribute(attributes, "id") ?? "";
        if (this.part !== name.slice(2) || !this.wanted.has(id)) {
          this.skip();
          return;
        }
        // The body leaves this much room for its notes; past it the record is over the limit anyway.
        const room = Math.max(0, recordLimits.textChars - this.body.out.chars - this.noteChars);
        this.note = { key: `${this.part}:${id}`, layout: new Layout(new RecordTextBuilder(room)) };
        this.layout = this.note.layout;
        return;
      }
      case "w:p":
        if (layout.joinNext) layout.joinNext = false;
        else layout.endLine(false);
        layout.paragraphs.push({ deletedMark: false, extras: layout.carriedExtras });
        layout.carriedExtras = [];
        return;
      case "w:pict": {
        // A VML text box: Word shows it beside the paragraph, so its text follows the paragraph instead of
        // splitting the sentence it is anchored in.
        const room = Math.max(0, recordLimits.textChars - layout.out.chars);
        const inner = new Layout(new RecordTextBuilder(room));
        this.pictures.push({ outer: layout, inner });
        this.layout = inner;
        return;
      }
      case "w:tbl":
        layout.joinNext = false;
        layout.endLine(false);
        layout.tables.push({ rowsDone: 0 });
        return;
      case "w:tr":
        layout.joinNext = false;
        layout.endLine(false);
        layout.rowCells.push(0);
        layout.rows.push({ deleted: false });
        return;
      case "w:tc":
        layout.joinNext = false;
        layout.cells.push({ state: "pending", continuesMerge: false });
        return;
      default:
        if (!containers.has(name)) this.skip();
    }
  }

  private close(rawName: string, isImplied: boolean): void {
    // htmlparser2 calls a self-closed <w:tab/> implied too; only one closed by a later tag, or by the end of the
    // part, means the XML was damaged.
    if (this.ending || (isImplied && !this.openedLast)) this.broken = true;
    this.openedLast = false;
    const name = this.stack.pop() ?? this.resolve(rawName);
    if (this.skipDepth > 0) {
      this.skipDepth--;
      if (this.skipDepth === 0) this.closeSkipped(name);
      return;
    }
    const layout = this.layout;
    switch (name) {
      case "w:t":
        this.inText = false;
        return;
      case "w:footnote":
      case "w:endnote":
        if (this.note) {
          this.notes.set(this.note.key, this.note.layout.out);
          this.noteChars += this.note.layout.out.chars;
          this.note = null;
          this.layout = this.body;
        }
        return;
      case "w:p": {
        const paragraph = layout.paragraphs.pop();
        if (paragraph?.deletedMark) {
          // A paragraph mark deleted with changes tracked: what it ended runs on into the next paragraph.
          layout.joinNext = true;
          layout.carriedExtras = paragraph.extras;
          return;
        }
        layout.endLine(false);
        for (const extra of paragraph?.extras ?? []) layout.appendBlock(extra);
        return;
      }
      case "w:pict": {
        const picture = this.pictures.pop();
        if (!picture) return;
        this.layout = picture.outer;
        const paragraph = picture.outer.paragraphs.at(-1);
        if (paragraph) paragraph.extras.push(picture.inner.out);
        else picture.outer.appendBlock(picture.inner.out);
        return;
      }
      case "w:tbl":
        layout.tables.pop();
        layout.endLine(false);
        return;
      case "w:tr": {
        layout.rowCells.pop();
        layout.rows.pop();
        const table = layout.tables.at(-1);
        if (table) table.rowsDone++;
        layout.endLine(false);
        return;
      }
      case "w:tc": {
        const cell = layout.cells.pop();
        if (cell?.state === "pending") layout.openCell(cell);
        if (cell?.state !== "dropped") layout.cellDepth--;
        return;
      }
    }
  }

  /** The end of a skipped element: some of them carry properties the layout needed to see first. */
  private closeSkipped(name: string): void {
    const layout = this.layout;
    if (name === "w:tcPr") {
      const cell = layout.cells.at(-1);
      if (cell?.state === "pending" && !layout.openCell(cell)) this.skipFrom(1);
    } else if (name === "w:trPr" && layout.rows.at(-1)?.deleted) {
      // A row deleted with changes tracked: skip its cells, as if it were gone.
      this.skipFrom(1);
    } else if (name === "w:tr") {
      layout.rowCells.pop();
      layout.rows.pop();
      layout.endLine(false);
    } else if (name === "w:tc") {
      layout.cells.pop();
    }
  }

  /** Properties inside skipped elements that change what is shown. */
  private peek(name: string, parent: string | undefined, attributes: Record<string, string>): void {
    const layout = this.layout;
    if (name === "w:del") {
      if (parent === "w:rPr" && this.stack.at(-3) === "w:pPr" && this.stack.at(-4) === "w:p") {
        const paragraph = layout.paragraphs.at(-1);
        if (paragraph) paragraph.deletedMark = true;
      } else if (parent === "w:trPr" && this.stack.at(-3) === "w:tr") {
        const row = layout.rows.at(-1);
        if (row) row.deleted = true;
      }
    } else if (name === "w:vMerge" && parent === "w:tcPr" && this.stack.at(-3) === "w:tc") {
      const cell = layout.cells.at(-1);
      const value = this.attribute(attributes, "val");
      if (cell) cell.continuesMerge = value === undefined || value === "continue";
    }
  }

  private skip(): void {
    this.skipDepth = 1;
  }

  /**
   * Skips the rest of an element already open, `levels` up the stack (1: the innermost open element), so its
   * end is handled by closeSkipped.
   */
  private skipFrom(levels: number): void {
    this.skipDepth = levels;
  }

  private attribute(attributes: Record<string, string>, local: string): string | undefined {
    return attributes[`${this.attributePrefix}${local}`] ?? attributes[local];
  }

  private bindPrefixes(attributes: Record<string, string>): void {
    const bound = new Map<string, string>();
    let identity = true;
    for (const [attribute, uri] of Object.entries(attributes)) {
      if (attribute !== "xmlns" && !attribute.startsWith("xmlns:")) continue;
      const canonical = namespaces[uri];
      if (canonical === undefined) continue;
      const prefix = attribute === "xmlns" ? "" : attribute.slice(6);
      bound.set(prefix, canonical);
      if (prefix !== canonical) identity = false;
      if (canonical === "w") this.attributePrefix = prefix === "" ? "" : `${prefix}:`;
    }
    this.prefixes = identity ? null : bound;
  }

  private resolve(name: string): string {
    if (this.prefixes === null) return name;
    const colon = name.indexOf(":");
    const canonical = this.prefixes.get(colon < 0 ? "" : name.slice(0, colon));
    return canonical === undefined ? name : `${canonical}:${name.slice(colon + 1)}`;
  }
}

/**
 * Reads the text of a .docx whose entries are known to include word/document.xml. Throws an InvalidInputError
 * for a limit passed, BrokenDocxError or another Error for a damaged file.
 */
export async function readDocxText(
  bytes: Uint8Array,
  entries: Map<string, ZipEntry>,
  budget: EventLoopBudget,
): Promise<string> {
  const allowance: InflateAllowance = { bytes: recordLimits.inflatedBytes };
  const body = new Layout(new RecordTextBuilder());
  const walker = new DocxWalker(body);
  const main = entries.get(documentPart);
  if (!main) throw new BrokenDocxError("no document part");
  await parsePart(bytes, main, walker, "document", allowance, budget);

  for (const kind of ["footnote", "endnote"] as const) {
    const entry = entries.get(noteParts[kind]);
    if (entry && walker.references.some((r) => r.kind === kind)) {
      await parsePart(bytes, entry, walker, kind, allowance, budget);
    }
  }
  walker.checkLimits();
  // Notes follow the text in the order they are referenced, as Word numbers them.
  for (const { kind, id } of walker.references) {
    const note = walker.notes.get(`${kind}:${id}`);
    if (note) body.out.appendLines(note);
  }
  return body.out.finish();
}

async function parsePart(
  bytes: Uint8Array,
  entry: ZipEntry,
  walker: DocxWalker,
  part: "document" | NoteKind,
  allowance: InflateAllowance,
  budget: EventLoopBudget,
): Promise<void> {
  const parser = walker.parser(part);
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  for await (const chunk of inflateEntry(bytes, entry, allowance)) {
    // Word writes UTF-8; a part saved as UTF-16 says so with a byte order mark.
    decoder ??= new TextDecoder(
      chunk[0] === 0xff && chunk[1] === 0xfe
        ? "utf-16le"
        : chunk[0] === 0xfe && chunk[1] === 0xff
          ? "utf-16be"
          : "utf-8",
    );
    const xml = decoder.decode(chunk, { stream: true });
    // An inflated chunk of tiny elements can hold ten thousand of them: parse it in slices.
    for (let i = 0; i < xml.length; i += sliceChars) {
      parser.write(xml.slice(i, i + sliceChars));
      walker.checkLimits();
      await budget.pause();
    }
  }
  if (decoder) parser.write(decoder.decode());
  if (!walker.end(parser)) throw new BrokenDocxError(`${entry.name} is not well-formed`);
}
