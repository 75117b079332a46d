// What a refused record file throws: an InvalidInputError on the form's file field.
import { expect } from "vitest";
import { readRecordFile } from "../../src/features/meetings/read-record-file.ts";
import { InvalidInputError } from "../../src/shared/errors.ts";

export async function recordRefusal(file: Parameters<typeof readRecordFile>[0]): Promise<InvalidInputError> {
  const error = await readRecordFile(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as InvalidInputError).field).toBe("file");
  return error as InvalidInputError;
}
