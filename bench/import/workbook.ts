// The benchmark's go-live data: a site of `units` units, 80 % of them let to as many customers
// (one lease each, monthly rent, a deposit), one or two opening arrears per lease and the deposit
// each holds — as rows (for the raw COPY baseline) and as the workbook a site manager uploads
// (the template's sheets and Chinese headers, written with exceljs's streaming writer).
import { Writable } from "node:stream";
import { type SheetKey, sheetSpecs } from "@slms/onboarding/domain";
import ExcelJS from "exceljs";

export interface Unit {
  code: string;
  name: string;
  building: string;
  floor: string;
  kind: "住宅" | "商铺";
  grossAreaHundredths: number;
  listRentMinor: number;
}

export interface Customer {
  name: string;
  idNumber: string;
  phone: string;
}

export interface Lease {
  reference: string;
  customerIdNumber: string;
  unitCode: string;
  startDate: string;
  endDate: string;
  rentMinor: number;
  dueDay: number;
  depositMinor: number;
}

export interface Arrear {
  leaseReference: string;
  /** As a bookkeeper writes it: the fee item's Chinese name. */
  feeItem: "租金" | "物业管理费";
  feeCode: "rent" | "management";
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  amountMinor: number;
}

export interface Deposit {
  leaseReference: string;
  amountMinor: number;
  receivedDate: string;
}

export interface SiteData {
  units: Unit[];
  customers: Customer[];
  leases: Lease[];
  arrears: Arrear[];
  deposits: Deposit[];
}

export const rowCount = (site: SiteData) =>
  site.units.length +
  site.customers.length +
  site.leases.length +
  site.arrears.length +
  site.deposits.length;

const regions = ["110101", "310104", "440305", "330106", "510107"];
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = "10X98765432";
const day = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The `n`-th resident ID number (GB 11643): a region code, a birth date between 1950 and 2004,
 * a sequence number and the ISO 7064 MOD 11-2 check character. Distinct for n below 20 million.
 */
export function residentId(n: number): string {
  const birth = isoDay(Date.UTC(1950, 0, 1) + (n % 20_000) * day).replaceAll("-", "");
  const sequence = String(Math.floor(n / 20_000) % 1000).padStart(3, "0");
  const first17 = `${regions[n % regions.length]}${birth}${sequence}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return first17 + checkChars[sum % 11];
}

const pad = (n: number) => String(n).padStart(6, "0");

/** The site's rows; go-live is 2026-01-01, arrears are for November and December 2025. */
export function generateSite(unitCount: number): SiteData {
  const leaseCount = Math.floor(unitCount * 0.8);
  const units: Unit[] = [];
  for (let i = 0; i < unitCount; i++) {
    const building = `${(i % 20) + 1}号楼`;
    units.push({
      code: `U-${pad(i + 1)}`,
      name: `${building}${Math.floor(i / 20) + 101}`,
      building,
      floor: String((Math.floor(i / 20) % 30) + 1),
      kind: i % 10 === 0 ? "商铺" : "住宅",
      grossAreaHundredths: 4_000 + ((i * 3_733) % 16_000),
      listRentMinor: 200_000 + (i % 400) * 1_000 + (i % 7) * 50,
    });
  }
  const customers: Customer[] = [];
  const leases: Lease[] = [];
  const arrears: Arrear[] = [];
  const deposits: Deposit[] = [];
  for (let i = 0; i < leaseCount; i++) {
    const idNumber = residentId(i);
    customers.push({ name: `租户${pad(i + 1)}`, idNumber, phone: String(13_800_000_000 + i) });
    const start = Date.UTC(2024, 0, 1) + (i % 600) * day;
    const end = new Date(start);
    end.setUTCFullYear(end.getUTCFullYear() + 3);
    const rentMinor = units[i]!.listRentMinor;
    const lease: Lease = {
      reference: `HT-${pad(i + 1)}`,
      customerIdNumber: idNumber,
      unitCode: units[i]!.code,
      startDate: isoDay(start),
      endDate: isoDay(end.getTime() - day),
      rentMinor,
      dueDay: (i % 28) + 1,
      depositMinor: rentMinor * 2,
    };
    leases.push(lease);
    arrears.push({
      leaseReference: lease.reference,
      feeItem: "租金",
      feeCode: "rent",
      periodStart: "2025-12-01",
      periodEnd: "2025-12-31",
      dueDate: "2025-12-05",
      amountMinor: rentMinor,
    });
    if (i % 2 === 0) {
      arrears.push({
        leaseReference: lease.reference,
        feeItem: "物业管理费",
        feeCode: "management",
        periodStart: "2025-11-01",
        periodEnd: "2025-11-30",
        dueDate: "2025-11-10",
        amountMinor: 30_000 + (i % 100) * 125,
      });
    }
    deposits.push({
      leaseReference: lease.reference,
      amountMinor: lease.depositMinor,
      receivedDate: lease.startDate,
    });
  }
  return { units, customers, leases, arrears, deposits };
}

const yuan = (minor: number) => minor / 100;
const date = (text: string) => new Date(`${text}T00:00:00Z`);

/** Each sheet's rows as cells by column key, as a user types them. */
function sheetRows(site: SiteData): Partial<Record<SheetKey, Record<string, ExcelJS.CellValue>[]>> {
  return {
    units: site.units.map((u) => ({
      code: u.code,
      name: u.name,
      building: u.building,
      floor: u.floor,
      kind: u.kind,
      grossArea: u.grossAreaHundredths / 100,
      listRent: yuan(u.listRentMinor),
    })),
    customers: site.customers.map((c) => ({
      name: c.name,
      kind: "个人",
      idType: "居民身份证",
      idNumber: c.idNumber,
      phones: c.phone,
    })),
    leases: site.leases.map((l) => ({
      reference: l.reference,
      customerIdNumber: l.customerIdNumber,
      unitCodes: l.unitCode,
      startDate: date(l.startDate),
      endDate: date(l.endDate),
      frequency: "月付",
      rentBasis: "每期固定金额",
      rent: yuan(l.rentMinor),
      dueDay: l.dueDay,
      deposit: yuan(l.depositMinor),
    })),
    arrears: site.arrears.map((a) => ({
      leaseReference: a.leaseReference,
      feeCode: a.feeItem,
      periodStart: date(a.periodStart),
      periodEnd: date(a.periodEnd),
      dueDate: date(a.dueDate),
      amount: yuan(a.amountMinor),
    })),
    deposits: site.deposits.map((d) => ({
      leaseReference: d.leaseReference,
      amount: yuan(d.amountMinor),
      receivedDate: date(d.receivedDate),
    })),
  };
}

/**
 * The workbook (.xlsx bytes): one sheet per kind of data, named and headed as the template is
 * (Chinese), the columns the rows fill, dates as date cells, ID numbers as text.
 */
export async function writeWorkbook(site: SiteData): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useSharedStrings: true,
    useStyles: true,
  });
  for (const [key, rows] of Object.entries(sheetRows(site)) as [
    SheetKey,
    Record<string, ExcelJS.CellValue>[],
  ][]) {
    const spec = sheetSpecs[key];
    const columns = spec.columns.filter((column) => rows[0] && column.key in rows[0]);
    const sheet = workbook.addWorksheet(spec.zh);
    sheet.addRow(columns.map((column) => column.zh)).commit();
    for (const values of rows) {
      const row = sheet.addRow(columns.map((column) => values[column.key] ?? null));
      columns.forEach((column, i) => {
        if (column.kind === "date") row.getCell(i + 1).numFmt = "yyyy-mm-dd";
        else if (column.kind === "identifier") row.getCell(i + 1).numFmt = "@";
      });
      row.commit();
    }
    sheet.commit();
  }
  await workbook.commit();
  return Buffer.concat(chunks);
}
