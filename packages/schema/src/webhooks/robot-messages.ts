import { createHmac } from 'node:crypto';
import { kpiUnit, type KpiKey } from '@xiaoyuan/domain';
import { KPI_NAMES } from '../labels/kpi-names';
import type { WebhookEventPayload } from './webhook-body';

/*
 * Work-chat robot messages (DOMAIN.md §11): a WECOM, DINGTALK or FEISHU webhook gets its robot's
 * own message, in Chinese, instead of §10's signed JSON. Pure functions: the worker posts what
 * `robotRequest` returns and judges the answer with `robotAnswerError`.
 *
 * The formats and signing recipes, as their public documentation gives them (checked Dec 2026):
 * - WeCom group robot (企业微信群机器人): POST `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`
 *   with `{"msgtype":"markdown","markdown":{"content":"…"}}`; no signature (the key in the URL is
 *   the secret); the answer is `{"errcode":0,"errmsg":"ok"}`.
 * - DingTalk custom robot (钉钉自定义机器人): `{"msgtype":"markdown","markdown":{"title","text"}}`;
 *   加签: string to sign `timestamp + "\n" + secret` (timestamp in ms), HmacSHA256 keyed by the
 *   secret, Base64, then URL-encoded; `&timestamp=…&sign=…` appended to the webhook URL (within 1 h
 *   of DingTalk's clock); the answer is `{"errcode":0,"errmsg":"ok"}`.
 * - Feishu custom bot (飞书自定义机器人): `{"msg_type":"text","content":{"text":"…"}}`; 签名校验:
 *   `timestamp` in SECONDS and the string `timestamp + "\n" + secret` used as the HMAC-SHA256 KEY
 *   over an EMPTY message, Base64 (not URL-encoded), sent as `"timestamp"` and `"sign"` in the JSON
 *   body; the answer is `{"code":0,"msg":"success"}` (older bots: `{"StatusCode":0}`).
 */

export type RobotFormat = 'WECOM' | 'DINGTALK' | 'FEISHU';

const EVENT_TITLES: Record<string, string> = {
  ALERT_OPENED: '新预警',
  ALERT_ESCALATED: '预警升级',
  ALERT_RESOLVED: '预警已解除',
  PERIOD_CLOSED: '月度已结算',
};

const LEVELS: Record<string, string> = { RED: '红色', YELLOW: '黄色' };

/** The alert as the outbox stores it (`data.alert`, the contract's `Alert`). */
interface AlertData {
  id: string;
  kpi: `${KpiKey}`;
  level: string;
  status: string;
  period: string;
  value: number | null;
  target: number | null;
  courtyard: { id: string; code: string; name: string };
  assignedTo: { id: string; name: string };
}

export interface RobotDelivery {
  event: string;
  payload: WebhookEventPayload;
  /** a test event sent by an admin: said so in the message */
  test?: boolean;
}

/** A message's parts: a title (DingTalk's notification line), markdown and plain text. */
export interface RobotMessage {
  title: string;
  markdown: string;
  text: string;
}

/** A KPI value as the admin app shows it: fractions in %, scores as they are, days and hours with their unit. */
export function formatKpiValue(kpi: `${KpiKey}`, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return '无数据';
  const number = Number(value);
  switch (kpiUnit(kpi)) {
    case 'FRACTION':
      return `${(number * 100).toFixed(1)}%`;
    case 'SCORE':
      return `${number.toFixed(1)} 分`;
    case 'DAYS':
      return `${number.toFixed(1)} 天`;
    case 'HOURS':
      return `${number.toFixed(1)} 小时`;
  }
}

/** The admin app's alert inbox filtered to this alert (router: `/alerts`, filters from the query). */
export function alertLink(adminAppUrl: string, alert: Pick<AlertData, 'id' | 'kpi' | 'status' | 'courtyard'>): string {
  const query = new URLSearchParams({
    alert: alert.id,
    courtyardId: alert.courtyard.id,
    kpi: alert.kpi,
    status: alert.status,
  });
  return `${adminAppUrl.replace(/\/+$/, '')}/alerts?${query.toString()}`;
}

/** The Chinese message of a delivery: the event, the courtyard, the KPI, value vs target, level, unit, link. */
export function robotMessage(delivery: RobotDelivery, adminAppUrl: string): RobotMessage {
  const eventTitle = EVENT_TITLES[delivery.event] ?? delivery.event;
  const prefix = delivery.test ? '【测试】' : '';
  const base = adminAppUrl.replace(/\/+$/, '');
  const alert = delivery.payload.data.alert as AlertData | undefined;
  if (!alert) {
    const period = String(delivery.payload.data.period ?? '');
    const title = `${prefix}${eventTitle}：${period}`;
    const line = `${period} 的指标与预警已计算完成。`;
    const link = `${base}/dashboard`;
    return {
      title,
      markdown: `### ${title}\n${line}\n\n[查看指标](${link})`,
      text: `${title}\n${line}\n查看指标：${link}`,
    };
  }
  const kpi = KPI_NAMES[alert.kpi as KpiKey]?.[0] ?? alert.kpi;
  const level = `${LEVELS[alert.level] ?? alert.level}预警`;
  const courtyard = `${alert.courtyard.name}（${alert.courtyard.code}）`;
  const title = `${prefix}${eventTitle}：${courtyard} ${kpi} ${level}`;
  const link = alertLink(adminAppUrl, alert);
  const fields: [string, string][] = [
    ['小院', courtyard],
    ['指标', kpi],
    ['实际值', formatKpiValue(alert.kpi, alert.value)],
    ['目标值', formatKpiValue(alert.kpi, alert.target)],
    ['级别', level],
    ['周期', alert.period],
    ['责任单位', alert.assignedTo.name],
  ];
  return {
    title,
    markdown: [`### ${title}`, ...fields.map(([name, value]) => `**${name}**：${value}`), `[查看预警](${link})`].join(
      '\n\n',
    ),
    text: [title, ...fields.map(([name, value]) => `${name}：${value}`), `查看预警：${link}`].join('\n'),
  };
}

/** What to post: the URL (DingTalk's signature goes there) and the JSON body. */
export interface RobotRequest {
  url: string;
  body: string;
}

/** DingTalk's `sign`: Base64(HmacSHA256(key = secret, `${timestampMs}\n${secret}`)), URL-encoded by the caller. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** Feishu's `sign`: Base64(HmacSHA256(key = `${timestampSeconds}\n${secret}`, message = empty)). */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/**
 * The request of a robot webhook for a delivery, signed with `secret` when there is one, at `now`
 * (the signatures hold a time: each attempt is signed anew).
 */
export function robotRequest(
  format: RobotFormat,
  url: string,
  delivery: RobotDelivery,
  options: { adminAppUrl: string; secret?: string | null; now?: Date },
): RobotRequest {
  const message = robotMessage(delivery, options.adminAppUrl);
  const now = options.now ?? new Date();
  switch (format) {
    case 'WECOM':
      return { url, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: message.markdown } }) };
    case 'DINGTALK': {
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } });
      if (!options.secret) return { url, body };
      const timestamp = now.getTime();
      const signed = new URL(url);
      // URLSearchParams encodes the Base64 (+, /, =) as DingTalk's urlEncode step asks
      signed.searchParams.set('timestamp', String(timestamp));
      signed.searchParams.set('sign', dingtalkSign(options.secret, timestamp));
      return { url: signed.toString(), body };
    }
    case 'FEISHU': {
      const content = { msg_type: 'text', content: { text: message.text } };
      if (!options.secret) return { url, body: JSON.stringify(content) };
      const timestamp = Math.floor(now.getTime() / 1000);
      return {
        url,
        body: JSON.stringify({ timestamp: String(timestamp), sign: feishuSign(options.secret, timestamp), ...content }),
      };
    }
  }
}

/**
 * A robot answers HTTP 200 with an error in the body (WeCom/DingTalk `errcode` ≠ 0, Feishu `code`
 * ≠ 0): `ROBOT_ERROR <code> <message>`, or null when the body says it was sent.
 */
export function robotAnswerError(format: RobotFormat, responseText: string): string | null {
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(responseText) as Record<string, unknown>;
  } catch {
    return `ROBOT_ERROR ? the answer is not JSON`;
  }
  if (answer === null || typeof answer !== 'object') return `ROBOT_ERROR ? the answer is not a JSON object`;
  const code = format === 'FEISHU' ? (answer.code ?? answer.StatusCode) : answer.errcode;
  const message = format === 'FEISHU' ? (answer.msg ?? answer.StatusMessage) : answer.errmsg;
  if (code === 0 || code === '0') return null;
  return `ROBOT_ERROR ${code === undefined ? '?' : String(code)} ${message === undefined ? '' : String(message)}`.trim();
}
