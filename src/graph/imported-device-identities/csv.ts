/** One record of a CSV text: its fields, or why it could not be read. */
export type CsvRecord = { line: number; fields: string[] } | { line: number; problem: string };

/**
 * Reads CSV text (RFC 4180: comma-separated, fields optionally in double quotes, `""` for a quote
 * inside quotes, CRLF or LF line ends). Blank lines are skipped. `line` is the 1-based line on which
 * a record starts, as a spreadsheet user would count it. A record with an unterminated quote or text
 * after a closing quote is reported and reading goes on with the next line.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let i = 0;
  let line = 1;
  while (i < input.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let problem: string | null = null;
    let endOfRecord = false;
    while (!endOfRecord) {
      if (i < input.length && input[i] === '"' && field === '') {
        i++;
        let closed = false;
        while (i < input.length) {
          if (input[i] === '"') {
            if (input[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (input[i] === '\n') line++;
          field += input[i++];
        }
        if (!closed) {
          problem = 'a quoted field is not closed';
          break;
        }
        if (i < input.length && input[i] !== ',' && input[i] !== '\n' && input[i] !== '\r') {
          problem = 'text follows a closing quote';
          while (i < input.length && input[i] !== '\n') i++;
        }
      }
      while (i < input.length && input[i] !== ',' && input[i] !== '\n' && input[i] !== '\r') {
        field += input[i++];
      }
      fields.push(field);
      field = '';
      if (i < input.length && input[i] === ',') {
        i++;
        continue;
      }
      if (input[i] === '\r') i++;
      if (input[i] === '\n') {
        i++;
        line++;
      }
      endOfRecord = true;
    }
    if (problem) records.push({ line: start, problem });
    else if (!(fields.length === 1 && fields[0].trim() === ''))
      records.push({ line: start, fields });
  }
  return records;
}
