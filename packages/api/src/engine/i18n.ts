// User-facing messages of userErrors, in zh-CN (default) and en, chosen by Accept-Language.

export type Locale = 'zh-CN' | 'en';

const MESSAGES = {
  WRONG_CREDENTIALS: { 'zh-CN': '邮箱或密码错误', en: 'Wrong email or password' },
  NOT_FOUND: { 'zh-CN': '找不到该对象', en: 'Not found' },
  FORBIDDEN: { 'zh-CN': '超出您的权限范围', en: 'Outside your role or scope' },
  DUPLICATE_CODE: { 'zh-CN': '编码“{value}”已存在', en: 'The code "{value}" already exists' },
  DUPLICATE_CODE_IN_INPUT: {
    'zh-CN': '编码“{value}”在本次提交中重复',
    en: 'The code "{value}" appears more than once in this input',
  },
  DUPLICATE_EMAIL: { 'zh-CN': '邮箱“{value}”已被使用', en: 'The email "{value}" is already in use' },
  DUPLICATE: { 'zh-CN': '该值已存在', en: 'This value already exists' },
  INVALID: { 'zh-CN': '取值无效', en: 'Invalid value' },
  INVALID_CODE: {
    'zh-CN': '编码只能包含字母、数字、“_”和“-”，长度 1–32',
    en: 'A code holds 1–32 letters, digits, "_" or "-"',
  },
  INVALID_HOUSEHOLD_CODE: { 'zh-CN': '户编码长度应为 1–32 个字符', en: 'A household code holds 1–32 characters' },
  INVALID_NAME: { 'zh-CN': '名称不能为空，且不超过 100 个字符', en: 'A name holds 1–100 characters' },
  INVALID_EMAIL: { 'zh-CN': '邮箱格式不正确', en: 'Not an email address' },
  PASSWORD_TOO_SHORT: { 'zh-CN': '密码至少 {value} 个字符', en: 'A password has at least {value} characters' },
  PASSWORD_TOO_LONG: { 'zh-CN': '密码最多 {value} 个字符', en: 'A password has at most {value} characters' },
  PASSWORD_BLANK: { 'zh-CN': '密码不能只包含空格', en: 'A password cannot be only spaces' },
  PASSWORD_COMMON: {
    'zh-CN': '该密码过于常见，容易被猜到，请换一个',
    en: 'This password is too common and easy to guess: choose another',
  },
  PASSWORD_IS_EMAIL: {
    'zh-CN': '密码不能与邮箱或其用户名相同',
    en: 'The password cannot be the email or its user name',
  },
  PASSWORD_UNCHANGED: { 'zh-CN': '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  WRONG_PASSWORD: { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  // accounts (用户管理)
  USER_ROLE_FORBIDDEN: {
    'zh-CN': '您不能管理该角色或该单位的用户',
    en: 'You may not manage users of this role or unit',
  },
  CANNOT_CHANGE_OWN_ROLE: {
    'zh-CN': '不能修改自己的角色或所辖单位',
    en: 'You cannot change your own role or unit',
  },
  CANNOT_DISABLE_SELF: { 'zh-CN': '不能停用自己的账号', en: 'You cannot disable your own account' },
  LAST_DISTRICT_ADMIN: {
    'zh-CN': '这是本区最后一位启用的区级管理员，不能停用或改为其他角色',
    en: 'This is the last active district admin: it cannot be disabled or given another role',
  },
  INVALID_HOUSEHOLD_COUNT: {
    'zh-CN': '户数必须是不小于 0 的整数',
    en: 'The household count must be an integer of at least 0',
  },
  INVALID_AREA: { 'zh-CN': '面积必须大于 0', en: 'The floor area must be greater than 0' },
  INVALID_TIMEZONE: { 'zh-CN': '未知的时区“{value}”', en: 'Unknown time zone "{value}"' },
  INVALID_ROLE: { 'zh-CN': '不能创建该角色的用户', en: 'Users of this role cannot be created here' },
  SCOPE_REQUIRED: { 'zh-CN': '该角色需要指定所辖{value}', en: 'This role needs its {value}' },
  SCOPE_NOT_ALLOWED: {
    'zh-CN': '该角色不限定范围，请勿指定 scopeId',
    en: 'This role has no scope unit: leave scopeId out',
  },
  SCOPE_WRONG_KIND: {
    'zh-CN': '所辖单位类型与角色不符，应为{value}',
    en: 'The scope unit does not match the role: it must be a {value}',
  },
  SCOPE_UNIT_KIND: {
    'zh-CN': '范围须为街道、社区或小院',
    en: 'The scope must be a street, a community or a courtyard',
  },
  API_CLIENT_REVOKED: { 'zh-CN': '该客户端已于 {value} 吊销', en: 'This client was revoked already, at {value}' },
  TOO_MANY_ITEMS: { 'zh-CN': '一次最多 {value} 条', en: 'At most {value} items at once' },
  EMPTY_LIST: { 'zh-CN': '至少需要一条', en: 'At least one item is needed' },
  TEXT_TOO_LONG: { 'zh-CN': '内容过长（最多 {value} 个字符）', en: 'Too long (at most {value} characters)' },
  NOTHING_TO_UPDATE: { 'zh-CN': '没有要修改的内容', en: 'Nothing to change' },
  // rollout and governance
  PLAN_EXISTS: { 'zh-CN': '本区已有进行中的推进计划', en: 'The district already has an active rollout plan' },
  NO_ACTIVE_PLAN: {
    'zh-CN': '本区尚无推进计划，请先创建推进计划',
    en: 'The district has no rollout plan yet: create one first',
  },
  INVALID_PILOT_SIZE: {
    'zh-CN': '试点小院数必须是 1–{value} 之间的整数',
    en: 'The pilot size must be an integer from 1 to {value}',
  },
  INVALID_BATCH: { 'zh-CN': '批次必须是 1–{value} 之间的整数', en: 'The batch must be an integer from 1 to {value}' },
  BEFORE_PLAN_START: {
    'zh-CN': '日期不能早于推进计划的开始日期（{value}）',
    en: 'The date may not be earlier than the start of the rollout plan ({value})',
  },
  ALREADY_ENROLLED: { 'zh-CN': '该小院已纳入第 {value} 批', en: 'The courtyard is enrolled already (batch {value})' },
  DUPLICATE_IN_INPUT: { 'zh-CN': '该项在本次提交中重复', en: 'This item appears more than once in this input' },
  MILESTONE_AUTOMATIC: {
    'zh-CN': '该关键节点由系统根据记录自动评估，不能人工确认',
    en: 'This milestone is evaluated automatically from the records: it cannot be confirmed by hand',
  },
  MILESTONE_CONFIRMED: {
    'zh-CN': '该关键节点已确认（达成日期 {value}）',
    en: 'This milestone is confirmed already (met on {value})',
  },
  NOTE_REQUIRED: { 'zh-CN': '请填写说明', en: 'A note is required' },
  INVALID_URL: {
    'zh-CN': '佐证链接必须是 http:// 或 https:// 开头的网址',
    en: 'The evidence link must be an http:// or https:// URL',
  },
  INVALID_PERSON_COUNT: {
    'zh-CN': '人数必须是 0–{value} 之间的整数',
    en: 'A number of people must be an integer from 0 to {value}',
  },
  DUPLICATE_ELECTION: {
    'zh-CN': '该小院在 {value} 已有一次选举记录',
    en: 'The courtyard already has an election on {value}',
  },
  INSTITUTION_ADOPTED: { 'zh-CN': '该制度已于 {value} 建立', en: 'This institution was adopted already, on {value}' },
  ALREADY_DEMONSTRATION: {
    'zh-CN': '该小院已于 {value} 被评为示范小院',
    en: 'The courtyard is a demonstration courtyard already, since {value}',
  },
  // records (activities, disputes, service requests, idle spaces, surveys)
  FUTURE_DATE: { 'zh-CN': '日期不能晚于今天（{value}）', en: 'The date may not be later than today ({value})' },
  INVALID_TITLE: { 'zh-CN': '标题不能为空，且不超过 {value} 个字符', en: 'A title holds 1–{value} characters' },
  UNKNOWN_HOUSEHOLD: {
    'zh-CN': '该小院没有户编码为“{value}”的住户',
    en: 'The courtyard has no household with the code "{value}"',
  },
  INVALID_PARTICIPANTS: {
    'zh-CN': '参与人数必须是 1–{value} 之间的整数',
    en: 'Participants must be an integer from 1 to {value}',
  },
  INVALID_YOUTH_PARTICIPANTS: {
    'zh-CN': '青年参与人数必须是 0 到参与人数（{value}）之间的整数',
    en: 'Youth participants must be an integer from 0 to the participants ({value})',
  },
  DATE_BEFORE: { 'zh-CN': '日期不能早于 {value}', en: 'The date may not be earlier than {value}' },
  TIME_IN_FUTURE: { 'zh-CN': '时间不能晚于当前时间', en: 'The time may not be later than now' },
  TIME_BEFORE: { 'zh-CN': '时间不能早于 {value}', en: 'The time may not be earlier than {value}' },
  DISPUTE_RESOLVED: { 'zh-CN': '该纠纷已于 {value} 化解', en: 'This dispute was resolved already, on {value}' },
  REQUEST_RESPONDED: { 'zh-CN': '该报修已于 {value} 首次响应', en: 'This request was answered already, at {value}' },
  REQUEST_RESOLVED: { 'zh-CN': '该报修已于 {value} 办结', en: 'This request was resolved already, at {value}' },
  INVALID_CATEGORY: { 'zh-CN': '类别不能为空，且不超过 {value} 个字符', en: 'A category holds 1–{value} characters' },
  INVALID_SPACE_AREA: {
    'zh-CN': '面积必须大于 0，最多两位小数',
    en: 'The area must be greater than 0, with at most two decimals',
  },
  STATUS_UNCHANGED: { 'zh-CN': '新状态与当前状态相同', en: 'The new status is the current status' },
  NEW_USE_REQUIRED: { 'zh-CN': '状态为“已利用”时须填写新用途', en: 'A utilized space needs its new use' },
  INVALID_SCORE: { 'zh-CN': '评分必须是 0–100 之间的整数', en: 'A score is an integer from 0 to 100' },
  ALREADY_SURVEYED: {
    'zh-CN': '该户在 {value} 已有满意度评价',
    en: 'This household already answered the survey of {value}',
  },
  // sunshine ledger (阳光账本)
  LEDGER_AMOUNT_DECIMALS: { 'zh-CN': '金额最多保留两位小数', en: 'An amount has at most two decimals' },
  LEDGER_AMOUNT_NOT_POSITIVE: {
    'zh-CN': '金额必须大于 0（更正请使用冲正）',
    en: 'The amount must be greater than 0 (correct an entry by reversing it)',
  },
  LEDGER_AMOUNT_TOO_LARGE: {
    'zh-CN': '单笔金额不能超过 {value} 元',
    en: 'A single amount may not exceed {value} yuan',
  },
  LEDGER_SOURCE_REQUIRED: { 'zh-CN': '收入须注明收入来源', en: 'An income entry needs its incomeSource' },
  LEDGER_SOURCE_NOT_ALLOWED: { 'zh-CN': '支出不能填写收入来源', en: 'An expense entry has no incomeSource' },
  LEDGER_CATEGORY_REQUIRED: { 'zh-CN': '支出须注明支出类别', en: 'An expense entry needs its expenseCategory' },
  LEDGER_CATEGORY_NOT_ALLOWED: { 'zh-CN': '收入不能填写支出类别', en: 'An income entry has no expenseCategory' },
  LEDGER_DATE_IN_FUTURE: {
    'zh-CN': '发生日期不能晚于今天（{value}）',
    en: 'The date may not be later than today ({value})',
  },
  LEDGER_DATE_OUT_OF_RANGE: { 'zh-CN': '发生日期超出范围', en: 'The date is out of range' },
  LEDGER_REASON_REQUIRED: { 'zh-CN': '请填写冲正原因', en: 'A reversal needs its reason' },
  LEDGER_REVERSAL_NOT_REVERSIBLE: {
    'zh-CN': '冲正记录不能再被冲正',
    en: 'A reversing entry cannot itself be reversed',
  },
  LEDGER_ALREADY_REVERSED: { 'zh-CN': '该笔记录已被冲正', en: 'This entry has been reversed already' },
  // proposals and votes (议题、表决)
  PROPOSAL_TITLE_INVALID: {
    'zh-CN': '议题标题不能为空，且不超过 {value} 个字符',
    en: 'A proposal title holds 1–{value} characters',
  },
  PROPOSAL_NOT_DRAFT: {
    'zh-CN': '只有草稿状态的议题可以开启表决（当前为 {value}）',
    en: 'Only a DRAFT proposal can be opened for voting (it is {value})',
  },
  PROPOSAL_CLOSES_AT_NOT_FUTURE: {
    'zh-CN': '表决截止时间必须晚于当前时间',
    en: 'The closing time must be in the future',
  },
  PROPOSAL_CLOSES_AT_TOO_FAR: {
    'zh-CN': '表决截止时间不能晚于 {value} 天之后',
    en: 'The closing time may be at most {value} days ahead',
  },
  PROPOSAL_NOT_VOTING: {
    'zh-CN': '只有表决中的议题可以结束表决（当前为 {value}）',
    en: 'Only a proposal in VOTING can be closed (it is {value})',
  },
  PROPOSAL_NOT_CLOSED: { 'zh-CN': '表决结束后才能公示结果', en: 'A decision is published once voting is closed' },
  PROPOSAL_ALREADY_PUBLISHED: {
    'zh-CN': '该议题的表决结果已于 {value} 公示',
    en: 'The decision was published already, at {value}',
  },
  VOTE_VOTING_CLOSED: { 'zh-CN': '该议题当前不在表决期内，不能投票', en: 'The proposal is not open for votes' },
  VOTE_UNKNOWN_HOUSEHOLD: {
    'zh-CN': '本小院没有户编码为“{value}”的住户',
    en: 'The courtyard has no household with the code "{value}"',
  },
  VOTE_ASSISTED_BY_REQUIRED: {
    'zh-CN': '代投票须填写数字助老员姓名（assistedBy）',
    en: 'An ASSISTED vote needs the name of the digital helper (assistedBy)',
  },
  VOTE_ASSISTED_BY_NOT_ALLOWED: {
    'zh-CN': '只有代投票（ASSISTED）可以填写数字助老员',
    en: 'Only an ASSISTED vote names a digital helper: leave assistedBy out',
  },
  VOTE_ALREADY_VOTED: {
    'zh-CN': '住户“{value}”已对本议题投过票',
    en: 'The household "{value}" has voted on this proposal already',
  },
  // imports (uploaded files)
  IMPORT_FILENAME: {
    'zh-CN': '文件名必须以 .csv 或 .xlsx 结尾，且不超过 255 个字符',
    en: 'The file name must end in .csv or .xlsx and hold at most 255 characters',
  },
  IMPORT_NOT_BASE64: { 'zh-CN': '文件内容不是有效的 Base64 编码', en: 'The file content is not valid Base64' },
  IMPORT_EMPTY: { 'zh-CN': '文件是空的', en: 'The file is empty' },
  IMPORT_TOO_LARGE: { 'zh-CN': '文件过大（最多 {value} MB）', en: 'The file is too large (at most {value} MB)' },
  IMPORT_BAD_FILE: { 'zh-CN': '文件无法导入：{value}', en: 'The file cannot be imported: {value}' },
  IMPORT_FORBIDDEN: { 'zh-CN': '只有区级管理员可以批量导入', en: 'Only the district admin may import files' },
  QUEUE_UNAVAILABLE: {
    'zh-CN': '后台任务服务暂时不可用，未保存任何数据，请稍后重试',
    en: 'The background job service is unavailable: nothing was stored, try again later',
  },
  // KPIs and alerts (目标衡量指标、红黄绿预警)
  KPI_RECOMPUTE_FORBIDDEN: {
    'zh-CN': '只有区级管理员可以重新计算指标',
    en: 'Only the district admin may recompute KPIs',
  },
  KPI_PERIOD_NOT_STARTED: {
    'zh-CN': '该统计周期尚未开始（今天是 {value}）',
    en: 'This period has not started yet (today is {value})',
  },
  ALERT_FORBIDDEN: {
    'zh-CN': '只有预警所属单位（黄色预警：社区；红色预警：街道）的工作人员或区级管理员可以处理该预警',
    en: 'Only the users of the unit the alert is assigned to (yellow: the community; red: the street) or the district admin may handle it',
  },
  ALERT_ALREADY_ACKNOWLEDGED: {
    'zh-CN': '该预警已于 {value} 确认',
    en: 'This alert was acknowledged already, at {value}',
  },
  ALERT_ALREADY_RESOLVED: { 'zh-CN': '该预警已于 {value} 解除', en: 'This alert was resolved already, at {value}' },
  // KPI targets by phase (目标值)
  KPI_TARGETS_FORBIDDEN: {
    'zh-CN': '只有区级管理员可以修改指标目标值',
    en: 'Only the district admin may change KPI targets',
  },
  KPI_TARGET_FRACTION: {
    'zh-CN': '该指标的目标值是比例，必须在 0 到 1 之间',
    en: 'This KPI is a fraction: its target must be from 0 to 1',
  },
  KPI_TARGET_SCORE: {
    'zh-CN': '满意度目标值必须在 0 到 100 之间',
    en: 'The satisfaction target must be from 0 to 100',
  },
  KPI_TARGET_AT_MOST: {
    'zh-CN': '该指标是上限（天数或小时数），目标值必须大于 0 且不超过 {value}',
    en: 'This KPI is a maximum (days or hours): its target must be greater than 0 and at most {value}',
  },
  // webhooks (DOMAIN.md §10)
  WEBHOOK_URL_INVALID: {
    'zh-CN': '回调地址无效：须为 http:// 或 https:// 开头的网址，不含用户名和密码，且不超过 2000 个字符',
    en: 'Not a valid webhook URL: an http:// or https:// address without user name or password, at most 2000 characters',
  },
  WEBHOOK_URL_HTTPS_REQUIRED: { 'zh-CN': '回调地址必须使用 https://', en: 'The webhook URL must use https://' },
  WEBHOOK_URL_ADDRESS_NOT_ALLOWED: {
    'zh-CN': '回调地址指向内网、本机或保留地址（{value}），不能使用',
    en: 'The webhook URL leads to a private, loopback or reserved address ({value})',
  },
  WEBHOOK_URL_HOST_NOT_FOUND: {
    'zh-CN': '无法解析回调地址的域名“{value}”',
    en: 'The host "{value}" of the webhook URL does not resolve',
  },
  WEBHOOK_SECRET_GENERATED: {
    'zh-CN': '通用格式（GENERIC）的签名密钥由系统生成，请勿填写 secret',
    en: "A GENERIC webhook's signing secret is generated: leave secret out",
  },
  WEBHOOK_SECRET_UNSUPPORTED: {
    'zh-CN': '企业微信机器人不使用签名密钥',
    en: 'A WeCom robot has no signing secret',
  },
  WEBHOOK_DISABLED: { 'zh-CN': '该 Webhook 已停用，请先启用', en: 'This webhook is disabled: enable it first' },
  WEBHOOK_DISABLED_BY: { 'zh-CN': '由 {value} 停用', en: 'Disabled by {value}' },
  WEBHOOK_DELIVERY_PENDING: {
    'zh-CN': '该投递尚在等待投递，不能重新投递',
    en: 'This delivery is still pending: it cannot be redelivered',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof MESSAGES;

const UNIT_NAMES: Record<string, Record<Locale, string>> = {
  Street: { 'zh-CN': '街道', en: 'street' },
  Community: { 'zh-CN': '社区', en: 'community' },
  Courtyard: { 'zh-CN': '小院', en: 'courtyard' },
};

export function translate(locale: Locale, key: MessageKey, value?: string | number): string {
  const template: string = MESSAGES[key][locale];
  const shown =
    value !== undefined && typeof value === 'string' && UNIT_NAMES[value] ? UNIT_NAMES[value][locale] : value;
  return shown === undefined ? template : template.replace('{value}', String(shown));
}

/** zh-CN unless the caller prefers English (`Accept-Language: en`, `en-US,en;q=0.9`, …). */
export function localeFromAcceptLanguage(header: string | undefined | null): Locale {
  if (!header) return 'zh-CN';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, quality: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'zh-CN';
}
