import { KpiKey } from '@xiaoyuan/domain';

/**
 * The KPI names the server writes into what it sends (reports, work-chat robot messages), zh-CN
 * first, as the admin app's locales name them (admin-web `kpiKeys`). The app's own copy is its
 * interface text; this is the one server-side copy.
 */
export const KPI_NAMES: Readonly<Record<KpiKey, readonly [zh: string, en: string]>> = {
  [KpiKey.PARTICIPATION_RATE]: ['居民参与率', 'Participation rate'],
  [KpiKey.DISPUTE_RESOLUTION_RATE]: ['矛盾解决率', 'Dispute resolution rate'],
  [KpiKey.SELF_FUNDING_RATE]: ['资金自筹率', 'Self-funding rate'],
  [KpiKey.IDLE_SPACE_UTILIZATION]: ['闲置空间利用率', 'Idle space utilization'],
  [KpiKey.SATISFACTION_SCORE]: ['居民满意度', 'Satisfaction'],
  [KpiKey.YOUTH_PARTICIPATION_RATE]: ['青年参与率', 'Youth participation'],
  [KpiKey.DISPUTE_RESOLUTION_DAYS]: ['纠纷化解天数', 'Days to resolve disputes'],
  [KpiKey.SERVICE_RESPONSE_HOURS]: ['报修响应时长', 'Service response hours'],
  [KpiKey.COMMITTEE_FORMATION_RATE]: ['自治委员会组建率', 'Committee formation rate'],
  [KpiKey.INSTITUTION_COMPLETENESS]: ['制度健全率', 'Institution completeness'],
};
