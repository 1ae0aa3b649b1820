import { createHmac } from 'node:crypto';
import { alertLink, formatKpiValue, robotAnswerError, robotMessage, robotRequest } from './robot-messages';

const ALERT = {
  event: 'ALERT_OPENED',
  payload: {
    occurredAt: '2026-11-01T00:30:00.000Z',
    district: { id: 'RGlzdHJpY3Q6MQ', code: 'demo' },
    data: {
      alert: {
        id: 'QWxlcnQ6MQ',
        kpi: 'PARTICIPATION_RATE',
        level: 'RED',
        status: 'OPEN',
        period: '2026-10',
        value: 0.1,
        target: 0.3,
        courtyard: { id: 'Q291cnR5YXJkOjE', code: 'Y1', name: '幸福里' },
        assignedTo: { id: 'U3RyZWV0OjE', name: '东城街道' },
      },
    },
  },
} as const;
const APP = 'https://admin.example';
const NOW = new Date('2026-11-01T00:30:05.123Z');

describe('robot messages (DOMAIN.md §11)', () => {
  it('says the event, courtyard, KPI, value against target, level, assigned unit and link in Chinese', () => {
    const message = robotMessage(ALERT, APP);
    expect(message.title).toBe('新预警：幸福里（Y1） 居民参与率 红色预警');
    for (const part of ['10.0%', '30.0%', '东城街道', '2026-10', alertLink(APP, ALERT.payload.data.alert)]) {
      expect(message.markdown).toContain(part);
      expect(message.text).toContain(part);
    }
    expect(alertLink(APP, ALERT.payload.data.alert)).toBe(
      'https://admin.example/alerts?alert=QWxlcnQ6MQ&courtyardId=Q291cnR5YXJkOjE&kpi=PARTICIPATION_RATE&status=OPEN',
    );
    expect(robotMessage({ ...ALERT, event: 'ALERT_ESCALATED' }, APP).title).toMatch(/^预警升级：/);
    expect(robotMessage({ ...ALERT, event: 'ALERT_RESOLVED' }, APP).title).toMatch(/^预警已解除：/);
    expect(robotMessage({ ...ALERT, test: true }, APP).title).toMatch(/^【测试】新预警/);
    const closed = robotMessage(
      { event: 'PERIOD_CLOSED', payload: { ...ALERT.payload, data: { period: '2026-10' } } },
      APP,
    );
    expect(closed.title).toBe('月度已结算：2026-10');
  });

  it('formats values by the KPI unit', () => {
    expect(formatKpiValue('SATISFACTION_SCORE', 72.456)).toBe('72.5 分');
    expect(formatKpiValue('SERVICE_RESPONSE_HOURS', 9)).toBe('9.0 小时');
    expect(formatKpiValue('DISPUTE_RESOLUTION_DAYS', 3)).toBe('3.0 天');
    expect(formatKpiValue('PARTICIPATION_RATE', null)).toBe('无数据');
  });

  it('WeCom: a markdown message, unsigned (the key is in the URL)', () => {
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc';
    const request = robotRequest('WECOM', url, ALERT, { adminAppUrl: APP, now: NOW });
    expect(request.url).toBe(url);
    expect(JSON.parse(request.body)).toEqual({
      msgtype: 'markdown',
      markdown: { content: robotMessage(ALERT, APP).markdown },
    });
  });

  it('DingTalk: markdown with title and text; with a secret, timestamp (ms) and sign in the URL', () => {
    const secret = 'SECtest';
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=t0k';
    const request = robotRequest('DINGTALK', url, ALERT, { adminAppUrl: APP, secret, now: NOW });
    const message = robotMessage(ALERT, APP);
    expect(JSON.parse(request.body)).toEqual({
      msgtype: 'markdown',
      markdown: { title: message.title, text: message.markdown },
    });
    // the documented recipe: Base64(HmacSHA256(key = secret, timestamp + "\n" + secret)), then urlEncode
    const timestamp = NOW.getTime();
    const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(request.url).toBe(`${url}&timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`);
    expect(robotRequest('DINGTALK', url, ALERT, { adminAppUrl: APP, now: NOW }).url).toBe(url);
  });

  it('Feishu: a text message; with a secret, timestamp (s) and sign in the body', () => {
    const secret = 'feishu-secret';
    const url = 'https://open.feishu.cn/open-apis/bot/v2/hook/xyz';
    const request = robotRequest('FEISHU', url, ALERT, { adminAppUrl: APP, secret, now: NOW });
    // the documented recipe: the string "timestamp\nsecret" is the HMAC KEY, the message is empty
    const timestamp = Math.floor(NOW.getTime() / 1000);
    const sign = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
    expect(request.url).toBe(url);
    expect(JSON.parse(request.body)).toEqual({
      timestamp: String(timestamp),
      sign,
      msg_type: 'text',
      content: { text: robotMessage(ALERT, APP).text },
    });
  });

  it('reads the error a robot answers with HTTP 200', () => {
    expect(robotAnswerError('WECOM', '{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(robotAnswerError('WECOM', '{"errcode":93000,"errmsg":"invalid webhook url"}')).toBe(
      'ROBOT_ERROR 93000 invalid webhook url',
    );
    expect(robotAnswerError('DINGTALK', '{"errcode":310000,"errmsg":"sign not match"}')).toBe(
      'ROBOT_ERROR 310000 sign not match',
    );
    expect(robotAnswerError('FEISHU', '{"code":0,"msg":"success","data":{}}')).toBeNull();
    expect(robotAnswerError('FEISHU', '{"StatusCode":0,"StatusMessage":"success"}')).toBeNull();
    expect(
      robotAnswerError('FEISHU', '{"code":19021,"msg":"sign match fail or timestamp is not within one hour"}'),
    ).toBe('ROBOT_ERROR 19021 sign match fail or timestamp is not within one hour');
    expect(robotAnswerError('WECOM', 'gateway')).toMatch(/^ROBOT_ERROR/);
  });
});
