import { ActivityKind, DisputeCategory, ExpenseCategory, IncomeSource, ResolutionChannel } from '@xiaoyuan/schema';

// Words for the demo district's records. Believable, not real.

export const PLAN_NAME = '小院自治三年行动';
export const PILOT_SUMMARY_NOTE = '试点总结大会已召开';

export const ACTIVITY_TITLES: Record<ActivityKind, readonly string[]> = {
  [ActivityKind.DELIBERATION_MEETING]: [
    '院落议事会',
    '楼门长议事会',
    '停车管理议事会',
    '公共收益使用议事会',
    '加装电梯协商会',
    '院落环境整治议事会',
    '居民公约修订座谈会',
    '闲置空间改造议事会',
  ],
  [ActivityKind.CULTURAL]: [
    '中秋游园会',
    '邻里百家宴',
    '春节写春联',
    '端午包粽子',
    '重阳敬老宴',
    '院落广场舞',
    '亲子读书会',
    '露天电影放映',
    '元宵猜灯谜',
    '邻里运动会',
  ],
  [ActivityKind.VOLUNTEER_SERVICE]: [
    '义务理发',
    '楼道清理志愿行动',
    '义诊进院落',
    '家电义务维修',
    '垃圾分类督导',
    '爱心助老送餐',
    '绿化认养',
  ],
  [ActivityKind.TRAINING]: [
    '消防安全培训',
    '反诈宣传讲座',
    '智能手机使用培训',
    '急救知识培训',
    '垃圾分类培训',
    '居民议事规则培训',
  ],
  [ActivityKind.OTHER]: ['院落开放日', '邻里节', '小院自治经验交流会'],
};

export const ACTIVITY_KIND_WEIGHTS: Record<ActivityKind, number> = {
  [ActivityKind.DELIBERATION_MEETING]: 30,
  [ActivityKind.CULTURAL]: 30,
  [ActivityKind.VOLUNTEER_SERVICE]: 20,
  [ActivityKind.TRAINING]: 15,
  [ActivityKind.OTHER]: 5,
};

export const DISPUTE_CATEGORY_WEIGHTS: Record<DisputeCategory, number> = {
  [DisputeCategory.PARKING]: 22,
  [DisputeCategory.PETS]: 12,
  [DisputeCategory.NOISE]: 14,
  [DisputeCategory.SANITATION]: 12,
  [DisputeCategory.RENOVATION]: 8,
  [DisputeCategory.ELEVATOR]: 6,
  [DisputeCategory.PROPERTY_MANAGEMENT]: 10,
  [DisputeCategory.PUBLIC_SPACE]: 10,
  [DisputeCategory.OTHER]: 6,
};

export const DISPUTE_SUMMARIES: Record<DisputeCategory, readonly string[]> = {
  [DisputeCategory.PARKING]: ['车辆占用消防通道', '私装地锁占用公共车位', '电动车楼道充电引发争执', '外来车辆长期占位'],
  [DisputeCategory.PETS]: ['犬只未拴绳惊吓老人', '宠物粪便未清理', '楼道内饲养家禽'],
  [DisputeCategory.NOISE]: ['夜间广场舞音响扰民', '楼上住户深夜噪声', '早间装修噪声'],
  [DisputeCategory.SANITATION]: ['楼道堆放杂物', '垃圾桶点位设置争议', '高空抛物'],
  [DisputeCategory.RENOVATION]: ['装修渗水殃及楼下', '擅自拆改承重墙', '装修垃圾乱堆'],
  [DisputeCategory.ELEVATOR]: ['加装电梯低层住户反对', '电梯维护费用分摊争议'],
  [DisputeCategory.PROPERTY_MANAGEMENT]: ['物业费收缴争议', '保洁服务不到位', '门禁卡收费争议'],
  [DisputeCategory.PUBLIC_SPACE]: ['公共绿地被私自种菜', '楼前空地搭建棚子', '公共晾晒区被占用'],
  [DisputeCategory.OTHER]: ['邻里漏水纠纷', '树木遮挡采光', '房屋租赁群租争议'],
};

export const RESOLUTION_NOTES: Record<ResolutionChannel, readonly string[]> = {
  [ResolutionChannel.COMMITTEE]: ['自治委员会上门协调，双方达成一致', '楼门长调解，当事人签订承诺书'],
  [ResolutionChannel.RESIDENTS_ASSEMBLY]: ['居民大会讨论形成处理意见', '经居民大会表决写入居民公约'],
  [ResolutionChannel.MEDIATION]: ['邀请人民调解员调解成功', '律师志愿者参与调解，达成协议'],
  [ResolutionChannel.ESCALATED]: ['上报社区居委会协调解决', '街道城管执法介入处理'],
  [ResolutionChannel.LITIGATION]: ['当事人诉至法院，已判决'],
};

export const SERVICE_CATEGORIES = [
  '水电维修',
  '门禁故障',
  '路灯报修',
  '下水道堵塞',
  '电梯故障',
  '楼道清洁',
  '绿化修剪',
  '屋面漏水',
] as const;

export const INCOME_MEMOS: Record<IncomeSource, string> = {
  [IncomeSource.GOVERNMENT_SUBSIDY]: '街道自治专项补贴',
  [IncomeSource.RESIDENT_CONTRIBUTION]: '居民自筹',
  [IncomeSource.SOCIAL_DONATION]: '爱心人士捐赠',
  [IncomeSource.CORPORATE_SPONSORSHIP]: '共建单位赞助',
  [IncomeSource.OPERATING_INCOME]: '公共收益（广告位、停车费）',
};

export const EXPENSE_MEMOS: Record<ExpenseCategory, readonly string[]> = {
  [ExpenseCategory.SAFETY]: ['更换灭火器', '监控设备维护', '消防通道标识', '楼道应急照明'],
  [ExpenseCategory.ENVIRONMENT]: ['绿化养护', '垃圾分类设施', '楼道粉刷', '雨水管疏通'],
  [ExpenseCategory.CULTURE]: ['活动物料', '文化墙制作', '图书购置', '节日慰问品'],
  [ExpenseCategory.OFFICE]: ['办公用品', '打印公示材料', '议事厅茶水'],
};

/** the plan's guide shares of expenses (DOMAIN.md §5) */
export const EXPENSE_SHARES: Record<ExpenseCategory, number> = {
  [ExpenseCategory.SAFETY]: 0.4,
  [ExpenseCategory.ENVIRONMENT]: 0.3,
  [ExpenseCategory.CULTURE]: 0.2,
  [ExpenseCategory.OFFICE]: 0.1,
};

export const LEDGER_REVERSAL_REASONS = ['金额录入错误', '重复录入', '科目选错'] as const;

export const IDLE_SPACE_NAMES = [
  '地下室',
  '闲置自行车棚',
  '废弃锅炉房',
  '闲置门卫室',
  '楼间空地',
  '屋顶平台',
  '旧收发室',
] as const;
export const IDLE_SPACE_USES = [
  '共享菜园',
  '老年活动室',
  '儿童游乐区',
  '共享书屋',
  '院落议事厅',
  '便民维修点',
] as const;

export interface ProposalTemplate {
  title: string;
  tier: 'MINOR' | 'MAJOR' | 'SPECIAL';
}

export const PROPOSAL_TEMPLATES: readonly ProposalTemplate[] = [
  { title: '楼道杂物集中清理方案', tier: 'MINOR' },
  { title: '共享菜园认领规则', tier: 'MINOR' },
  { title: '院落文化墙设计方案', tier: 'MINOR' },
  { title: '夏季纳凉晚会安排', tier: 'MINOR' },
  { title: '停车管理办法修订', tier: 'MAJOR' },
  { title: '公共收益使用方案', tier: 'MAJOR' },
  { title: '居民公约修订', tier: 'MAJOR' },
  { title: '选聘物业服务企业', tier: 'MAJOR' },
  { title: '使用维修资金实施外墙防水', tier: 'SPECIAL' },
  { title: '加装电梯意向表决', tier: 'SPECIAL' },
];

export const HELPER_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'] as const;
export const HELPER_GIVEN_NAMES = [
  '秀兰',
  '桂英',
  '建华',
  '丽娟',
  '志强',
  '玉梅',
  '海燕',
  '晓东',
  '春梅',
  '国庆',
] as const;
