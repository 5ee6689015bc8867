import ExcelJS from 'exceljs';

/** Exports a person opens in a spreadsheet: a workbook of titled sheets, or a CSV Excel reads as it should. */

const MONEY_FORMAT = '#,##0.00';

export interface SheetColumn {
  readonly header: string;
  readonly width: number;
  readonly kind: 'text' | 'money';
}

export interface SheetRow {
  readonly cells: readonly (string | null)[];
  readonly bold?: boolean;
  /** Indent of the row's `indentColumn` cell (a code's level in the classification). */
  readonly indent?: number;
}

/**
 * A spreadsheet number from an exact amount: the decimal text itself when a double holds it to the fen
 * (every amount below 10^13 yuan), else the text, so that no fen is ever lost to binary floating point.
 */
function money(amount: string): number | string {
  const value = Number(amount);
  return value.toFixed(2) === amount ? value : amount;
}

export function newWorkbook(generatedAt: Date): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Jinku';
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  return workbook;
}

/**
 * A sheet with a title row over all columns, a frozen bold header, set widths, codes as text (Excel keeps every
 * digit and never turns 1010101 into a number) and amounts as numbers formatted #,##0.00.
 */
export function addSheet(workbook: ExcelJS.Workbook, name: string, title: string, columns: readonly SheetColumn[], rows: readonly SheetRow[], indentColumn = 3): void {
  const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  columns.forEach((column, index) => {
    const col = worksheet.getColumn(index + 1);
    col.width = column.width;
    col.numFmt = column.kind === 'money' ? MONEY_FORMAT : '@';
  });
  worksheet.mergeCells(1, 1, 1, columns.length);
  const titleCell = worksheet.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 13 };
  worksheet.getRow(1).height = 22;
  const header = worksheet.getRow(2);
  header.values = columns.map((column) => column.header);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  for (const { cells, bold, indent } of rows) {
    const row = worksheet.addRow(cells.map((cell, index) => (cell === null ? null : columns[index]!.kind === 'money' ? money(cell) : cell)));
    if (bold) row.font = { bold: true };
    if (indent) row.getCell(indentColumn).alignment = { indent };
    columns.forEach((column, index) => {
      const cell = row.getCell(index + 1);
      cell.numFmt = column.kind === 'money' ? MONEY_FORMAT : '@';
      if (column.kind === 'money') cell.alignment = { horizontal: 'right' };
    });
  }
}

export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A text cell as a spreadsheet will not run it: a leading =, +, -, @, tab or CR would make Excel read a
 * formula (CSV injection), so such a text gets a leading apostrophe. Amounts are not texts and keep their sign.
 */
export function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV of `header` and `rows` (texts already made `inert`): UTF-8 with a byte-order mark so Excel reads the Chinese, CRLF line ends. */
export function csvBuffer(header: readonly string[], rows: readonly (readonly string[])[]): Buffer {
  const lines = [header, ...rows].map((row) => row.map(field).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The rows of a CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF), a byte-order mark ignored. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** The rows of a workbook's first sheet as text, from its `firstRow` on (numbers as they read, dates as YYYY-MM-DD). */
export async function readSheetRows(content: Buffer, firstRow = 1): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow((row, number) => {
    if (number < firstRow) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(values.map((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value === null || value === undefined ? '' : String(value))));
  });
  return rows;
}
