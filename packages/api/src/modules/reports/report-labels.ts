import {
  KPI_NAMES,
  AlertAction,
  KpiKey,
  KpiStatus,
  MilestoneKey,
  MilestoneStatus,
  PhaseKey,
  type PeriodKind,
} from '@xiaoyuan/schema';
import type { Locale } from '../../engine/i18n';

/** A text in both languages of the admin app (zh-CN first): the report's words. */
type Both = readonly [zh: string, en: string];
const pick = (locale: Locale, both: Both) => (locale === 'en' ? both[1] : both[0]);

const STATUSES: Record<KpiStatus, Both> = {
  [KpiStatus.GREEN]: ['达标', 'On target'],
  [KpiStatus.YELLOW]: ['黄色预警', 'Yellow'],
  [KpiStatus.RED]: ['红色预警', 'Red'],
  [KpiStatus.NO_DATA]: ['无数据', 'No data'],
};

const PHASES: Record<PhaseKey, Both> = {
  [PhaseKey.PILOT]: ['试点探索期', 'Pilot'],
  [PhaseKey.PROMOTION]: ['推广深化期', 'Promotion'],
  [PhaseKey.CONSOLIDATION]: ['巩固提升期', 'Consolidation'],
};

const MILESTONES: Record<MilestoneKey, Both> = {
  [MilestoneKey.PILOT_COMMITTEES_ELECTED]: ['试点小院完成自治委员会选举', 'Pilot courtyards elect their committees'],
  [MilestoneKey.PILOT_CHARTERS_ADOPTED]: [
    '第一批小院制定权责清单和居民公约',
    'Batch 1 adopts responsibility lists and conventions',
  ],
  [MilestoneKey.DIGITAL_PLATFORM_LIVE]: ['数字平台在第一批小院上线', 'Digital platform live in batch 1'],
  [MilestoneKey.PILOT_SUMMARY]: ['试点总结大会，形成《小院自治工作手册》', 'Pilot summary conference and handbook'],
  [MilestoneKey.SECOND_BATCH_ENROLLED]: ['第二批小院纳入', 'Second batch enrolled'],
  [MilestoneKey.DEMONSTRATION_COURTYARDS]: ['评定示范小院不少于 5 个', 'At least 5 demonstration courtyards'],
  [MilestoneKey.PLATFORM_FULL_COVERAGE]: ['数字平台覆盖全部已纳入小院', 'Digital platform in every enrolled courtyard'],
  [MilestoneKey.MIDTERM_EVALUATION]: ['中期评估', 'Mid-term evaluation'],
  [MilestoneKey.ALL_COURTYARDS_ENROLLED]: ['全区小院全部纳入', 'Every courtyard of the district enrolled'],
  [MilestoneKey.ALLIANCE_FORMED]: ['成立小院自治联盟', 'Self-governance alliance formed'],
  [MilestoneKey.LONG_TERM_MECHANISMS]: [
    '长效机制：制度完备率达到 95%',
    'Long-term mechanisms: 95% institution completeness',
  ],
  [MilestoneKey.FINAL_ACCEPTANCE]: ['总体验收', 'Final acceptance'],
};

const MILESTONE_STATUSES: Record<MilestoneStatus, Both> = {
  [MilestoneStatus.PENDING]: ['未到期', 'Pending'],
  [MilestoneStatus.AT_RISK]: ['临期未达成', 'At risk'],
  [MilestoneStatus.MET]: ['已达成', 'Met'],
  [MilestoneStatus.MISSED]: ['逾期未达成', 'Missed'],
};

const ALERT_ACTIONS: Record<AlertAction, Both> = {
  [AlertAction.OPENED]: ['生成预警', 'Opened'],
  [AlertAction.UPDATED]: ['预警更新', 'Updated'],
  [AlertAction.ESCALATED]: ['升级为红色', 'Escalated to red'],
  [AlertAction.ACKNOWLEDGED]: ['签收', 'Acknowledged'],
  [AlertAction.RESOLVED]: ['办结', 'Resolved'],
};

const LEVELS = {
  DISTRICT: ['区', 'District'],
  STREET: ['街道', 'Street'],
  COMMUNITY: ['社区', 'Community'],
  COURTYARD: ['小院', 'Courtyard'],
} as const;

/** §9: monthly statistics, quarterly analysis, annual evaluation. */
const TITLES: Record<PeriodKind, Both> = {
  MONTH: ['月度统计', 'Monthly statistics'],
  QUARTER: ['季度分析', 'Quarterly analysis'],
  YEAR: ['年度评估', 'Annual evaluation'],
};

const WORDS = {
  summarySheet: ['概览', 'Summary'],
  unitsSheet: ['各级指标', 'KPIs by level'],
  courtyardsSheet: ['小院指标', 'Courtyards'],
  milestonesSheet: ['关键节点', 'Milestones'],
  alertsSheet: ['预警记录', 'Alert history'],
  district: ['区', 'District'],
  scope: ['范围', 'Scope'],
  period: ['统计期', 'Period'],
  dates: ['起止日期', 'Dates'],
  phase: ['阶段', 'Phase'],
  noPhase: ['（无推进计划或计划尚未开始）', '(no rollout plan, or before it starts)'],
  provisional: ['暂定（统计期未结束）', 'Provisional (the period is still open)'],
  final: ['已结束', 'Closed'],
  state: ['数据状态', 'State'],
  generatedAt: ['生成时间', 'Generated at'],
  kpi: ['指标', 'KPI'],
  value: ['实际值', 'Value'],
  target: ['目标值', 'Target'],
  status: ['状态', 'Status'],
  previous: ['上期', 'Previous period'],
  change: ['较上期', 'Change'],
  courtyardStatusCounts: ['小院指标状态分布', 'Courtyards by status'],
  communityStatusCounts: ['社区指标状态分布', 'Communities by status'],
  alertCounts: ['本期预警处置', 'Alert actions in the period'],
  openAlerts: ['当前未办结预警', 'Unresolved alerts now'],
  red: ['红色', 'Red'],
  yellow: ['黄色', 'Yellow'],
  count: ['数量', 'Count'],
  level: ['层级', 'Level'],
  street: ['街道', 'Street'],
  community: ['社区', 'Community'],
  code: ['编码', 'Code'],
  name: ['名称', 'Name'],
  courtyard: ['小院', 'Courtyard'],
  milestone: ['关键节点', 'Milestone'],
  dueMonth: ['计划月', 'Plan month'],
  dueOn: ['截止日期', 'Due on'],
  metOn: ['达成日期', 'Met on'],
  manual: ['人工确认', 'Confirmed by hand'],
  yes: ['是', 'yes'],
  asOf: ['评估日期', 'As of'],
  noPlan: ['本区尚无推进计划', 'The district has no rollout plan'],
  at: ['时间', 'Time'],
  action: ['处置', 'Action'],
  alertPeriod: ['所属月份', 'Month'],
  actor: ['处理人', 'By'],
  system: ['系统', 'System'],
  note: ['说明', 'Note'],
  none: ['无', 'None'],
} satisfies Record<string, Both>;

export type ReportWord = keyof typeof WORDS;

/** The report's labels in one locale. */
export function reportLabels(locale: Locale) {
  return {
    word: (key: ReportWord) => pick(locale, WORDS[key]),
    kpi: (key: KpiKey) => pick(locale, KPI_NAMES[key]),
    status: (status: KpiStatus) => pick(locale, STATUSES[status]),
    phase: (phase: PhaseKey) => pick(locale, PHASES[phase]),
    milestone: (key: MilestoneKey) => pick(locale, MILESTONES[key]),
    milestoneStatus: (status: MilestoneStatus) => pick(locale, MILESTONE_STATUSES[status]),
    alertAction: (action: AlertAction) => pick(locale, ALERT_ACTIONS[action]),
    level: (level: keyof typeof LEVELS) => pick(locale, LEVELS[level]),
    title: (kind: PeriodKind) => pick(locale, TITLES[kind]),
  };
}

export type ReportLabels = ReturnType<typeof reportLabels>;
