import { WebhookFormat } from '@xiaoyuan/schema';
import { shownWebhookUrl } from './webhook-url-mask';

describe('shownWebhookUrl', () => {
  it("shows a GENERIC webhook's URL as given", () => {
    const url = 'https://partner.example/hook?key=abcdefgh1234&access_token=zzzz';
    expect(shownWebhookUrl(url, WebhookFormat.GENERIC)).toBe(url);
  });

  it("masks a robot's credential but its last 4 characters", () => {
    expect(shownWebhookUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a-1a2b', WebhookFormat.WECOM)).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****1a2b',
    );
    expect(
      shownWebhookUrl('https://oapi.dingtalk.com/robot/send?x=1&access_token=0123456789#top', WebhookFormat.DINGTALK),
    ).toBe('https://oapi.dingtalk.com/robot/send?x=1&access_token=****6789#top');
    expect(
      shownWebhookUrl('https://open.feishu.cn/open-apis/bot/v2/hook/2f1e6b3a-0c4d-5a6b?x=1', WebhookFormat.FEISHU),
    ).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/****5a6b?x=1');
  });

  it('shows nothing of a short credential', () => {
    expect(shownWebhookUrl('https://robot.example/send?key=abc123', WebhookFormat.WECOM)).toBe(
      'https://robot.example/send?key=****',
    );
  });
});
