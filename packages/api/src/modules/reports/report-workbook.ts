import ExcelJS from 'exceljs';
import { AlertAction, KPI_DEFINITIONS, KPI_KEYS, KpiStatus, ScopeLevel, type KpiKey } from '@xiaoyuan/schema';
import type { Locale } from '../../engine/i18n';
import type { KpiCell, ReportData, UnitRow } from './report-data';
import { reportLabels, type ReportLabels } from './report-labels';

/*
 * The report as an XLSX workbook (DOMAIN.md §9): 概览 (the unit's KPIs against their targets with
 * the change from the period before, status counts, alert actions), 各级指标 (district, streets,
 * communities), 小院指标 (every enrolled courtyard), 关键节点 (milestones as of the period's end)
 * and 预警记录 (the alert events of the period). Values are numbers with a number format (shares
 * as %), so they can be sorted and summed; status cells are coloured and say their status in words.
 */

const FILLS: Record<KpiStatus, string> = {
  [KpiStatus.GREEN]: 'FFC6EFCE',
  [KpiStatus.YELLOW]: 'FFFFEB9C',
  [KpiStatus.RED]: 'FFFFC7CE',
  [KpiStatus.NO_DATA]: 'FFEDEDED',
};

const numberFormat = (kpi: KpiKey) => (KPI_DEFINITIONS[kpi].unit === 'FRACTION' ? '0.0%' : '0.0');

function fill(cell: ExcelJS.Cell, status: KpiStatus): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[status] } };
}

function header(sheet: ExcelJS.Worksheet, values: string[]): void {
  const row = sheet.addRow(values);
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
}

/** Value and status cells of one KPI, from column `column` of `row`. */
function kpiCells(
  row: ExcelJS.Row,
  column: number,
  kpi: KpiKey,
  cell: KpiCell | undefined,
  labels: ReportLabels,
): void {
  const status = cell?.status ?? KpiStatus.NO_DATA;
  const value = row.getCell(column);
  value.value = cell?.value ?? null;
  value.numFmt = numberFormat(kpi);
  fill(value, status);
  const text = row.getCell(column + 1);
  text.value = labels.status(status);
  fill(text, status);
}

function unitSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  rows: UnitRow[],
  first: { label: string; value: (row: UnitRow) => string | null }[],
  labels: ReportLabels,
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: first.length, ySplit: 2 }] });
  const kpiStart = first.length + 1;
  // row 1: the KPI names over their two columns; row 2: value / status
  const names = sheet.addRow([...first.map(() => ''), ...KPI_KEYS.flatMap((kpi) => [labels.kpi(kpi), ''])]);
  names.font = { bold: true };
  KPI_KEYS.forEach((_, i) => sheet.mergeCells(1, kpiStart + 2 * i, 1, kpiStart + 2 * i + 1));
  header(sheet, [
    ...first.map((column) => column.label),
    ...KPI_KEYS.flatMap(() => [labels.word('value'), labels.word('status')]),
  ]);
  for (const unit of rows) {
    const row = sheet.addRow(first.map((column) => column.value(unit)));
    KPI_KEYS.forEach((kpi, i) => kpiCells(row, kpiStart + 2 * i, kpi, unit.kpis[kpi], labels));
  }
  first.forEach((_, i) => (sheet.getColumn(i + 1).width = i === first.length - 1 ? 24 : 14));
  KPI_KEYS.forEach((_, i) => {
    sheet.getColumn(kpiStart + 2 * i).width = 11;
    sheet.getColumn(kpiStart + 2 * i + 1).width = 10;
  });
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: first.length + 2 * KPI_KEYS.length } };
}

export function reportTitle(data: ReportData, locale: Locale): string {
  const labels = reportLabels(locale);
  return `${data.district.name} ${data.period.key} ${labels.title(data.period.kind)}`;
}

export async function reportWorkbook(data: ReportData, locale: Locale, generatedAt: string): Promise<Buffer> {
  const labels = reportLabels(locale);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Xiaoyuan';
  workbook.title = reportTitle(data, locale);

  // 概览
  const summary = workbook.addWorksheet(labels.word('summarySheet'));
  summary.addRow([reportTitle(data, locale)]).font = { bold: true, size: 14 };
  const scopeName =
    data.unit.level === ScopeLevel.DISTRICT ? data.unit.name : `${labels.level(data.unit.level)} ${data.unit.name}`;
  for (const [label, value] of [
    [labels.word('district'), `${data.district.name} (${data.district.code})`],
    [labels.word('scope'), scopeName],
    [labels.word('period'), data.period.key],
    [labels.word('dates'), `${data.period.start} – ${data.period.end}`],
    [labels.word('phase'), data.phase ? labels.phase(data.phase) : labels.word('noPhase')],
    [labels.word('state'), data.provisional ? labels.word('provisional') : labels.word('final')],
    [labels.word('generatedAt'), generatedAt],
  ] as const) {
    const row = summary.addRow([label, value]);
    row.getCell(1).font = { bold: true };
  }
  summary.addRow([]);
  header(summary, [
    labels.word('kpi'),
    labels.word('value'),
    labels.word('target'),
    labels.word('status'),
    labels.word('previous'),
    labels.word('change'),
  ]);
  for (const kpi of KPI_KEYS) {
    const cell = data.unit.kpis[kpi];
    const previous = data.previous[kpi]?.value ?? null;
    const value = cell?.value ?? null;
    const status = cell?.status ?? KpiStatus.NO_DATA;
    const change = value !== null && previous !== null ? value - previous : null;
    const row = summary.addRow([labels.kpi(kpi), value, cell?.target ?? null, labels.status(status), previous, change]);
    for (const column of [2, 3, 5, 6]) row.getCell(column).numFmt = numberFormat(kpi);
    fill(row.getCell(2), status);
    fill(row.getCell(4), status);
  }
  for (const level of [ScopeLevel.COURTYARD, ScopeLevel.COMMUNITY] as const) {
    summary.addRow([]);
    summary.addRow([
      labels.word(level === ScopeLevel.COURTYARD ? 'courtyardStatusCounts' : 'communityStatusCounts'),
    ]).font = { bold: true };
    const statuses = [KpiStatus.GREEN, KpiStatus.YELLOW, KpiStatus.RED, KpiStatus.NO_DATA];
    header(summary, [labels.word('kpi'), ...statuses.map((status) => labels.status(status))]);
    for (const kpi of KPI_KEYS) {
      const counts = statuses.map(
        (status) =>
          data.statusCounts.find((count) => count.level === level && count.kpi === kpi && count.status === status)
            ?.count ?? 0,
      );
      const row = summary.addRow([labels.kpi(kpi), ...counts]);
      statuses.forEach(
        (status, i) => counts[i] > 0 && status !== KpiStatus.NO_DATA && fill(row.getCell(i + 2), status),
      );
    }
  }
  summary.addRow([]);
  summary.addRow([labels.word('alertCounts')]).font = { bold: true };
  header(summary, [labels.word('action'), labels.word('count')]);
  for (const action of Object.values(AlertAction))
    summary.addRow([labels.alertAction(action), data.eventCounts[action] ?? 0]);
  summary.addRow([
    labels.word('openAlerts'),
    `${labels.word('red')} ${data.openAlerts.RED ?? 0}, ${labels.word('yellow')} ${data.openAlerts.YELLOW ?? 0}`,
  ]);
  summary.getColumn(1).width = 26;
  for (const column of [2, 3, 4, 5, 6]) summary.getColumn(column).width = 16;

  // 各级指标, 小院指标
  unitSheet(
    workbook,
    labels.word('unitsSheet'),
    data.units,
    [
      { label: labels.word('level'), value: (row) => labels.level(row.level) },
      { label: labels.word('street'), value: (row) => row.street },
      { label: labels.word('name'), value: (row) => row.name },
    ],
    labels,
  );
  unitSheet(
    workbook,
    labels.word('courtyardsSheet'),
    data.courtyards,
    [
      { label: labels.word('street'), value: (row) => row.street },
      { label: labels.word('community'), value: (row) => row.community },
      { label: labels.word('code'), value: (row) => row.code },
      { label: labels.word('courtyard'), value: (row) => row.name },
    ],
    labels,
  );

  // 关键节点
  const milestones = workbook.addWorksheet(labels.word('milestonesSheet'));
  if (!data.milestones) milestones.addRow([labels.word('noPlan')]);
  else {
    milestones.addRow([labels.word('asOf'), data.milestones.asOf]).getCell(1).font = { bold: true };
    header(milestones, [
      labels.word('milestone'),
      labels.word('dueMonth'),
      labels.word('dueOn'),
      labels.word('status'),
      labels.word('metOn'),
      labels.word('manual'),
    ]);
    for (const item of data.milestones.items) {
      milestones.addRow([
        labels.milestone(item.key),
        item.dueMonth,
        item.dueOn,
        labels.milestoneStatus(item.status),
        item.metOn,
        item.manual ? labels.word('yes') : '',
      ]);
    }
    milestones.getColumn(1).width = 44;
    for (const column of [2, 3, 4, 5, 6]) milestones.getColumn(column).width = 14;
  }

  // 预警记录
  const alerts = workbook.addWorksheet(labels.word('alertsSheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  header(alerts, [
    labels.word('at'),
    labels.word('street'),
    labels.word('community'),
    labels.word('code'),
    labels.word('courtyard'),
    labels.word('kpi'),
    labels.word('action'),
    labels.word('level'),
    labels.word('alertPeriod'),
    labels.word('actor'),
    labels.word('note'),
  ]);
  for (const event of data.events) {
    alerts.addRow([
      event.at,
      event.street,
      event.community,
      event.courtyardCode,
      event.courtyard,
      labels.kpi(event.kpi),
      labels.alertAction(event.action),
      event.level ? labels.word(event.level === 'RED' ? 'red' : 'yellow') : null,
      event.period,
      event.actor ?? labels.word('system'),
      event.note,
    ]);
  }
  if (data.events.length === 0) alerts.addRow([labels.word('none')]);
  [17, 12, 12, 10, 18, 20, 12, 8, 10, 12, 40].forEach((width, i) => (alerts.getColumn(i + 1).width = width));

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
