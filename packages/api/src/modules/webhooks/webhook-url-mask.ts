import { WebhookFormat } from '@xiaoyuan/schema';

// A robot's URL carries its credential (WeCom `key`, DingTalk `access_token`, Feishu the last path
// segment after `/hook/`): whoever has it can post into the group, so the API shows only its end.

const TOKEN_QUERY = /([?&](?:key|access_token)=)([^&#]*)/gi;
const FEISHU_HOOK = /(\/hook\/)([^/?#]+)/;

/** `****` and the last 4 characters of a token long enough to keep them; `****` alone otherwise. */
const maskToken = (token: string) => `****${token.length >= 8 ? token.slice(-4) : ''}`;

/** The URL as the API shows it: a GENERIC webhook's as given, a robot's with its credential masked. */
export function shownWebhookUrl(url: string, format: WebhookFormat): string {
  if (format === WebhookFormat.GENERIC) return url;
  const masked = url.replace(TOKEN_QUERY, (_match, name: string, token: string) => name + maskToken(token));
  return format === WebhookFormat.FEISHU
    ? masked.replace(FEISHU_HOOK, (_match, prefix: string, token: string) => prefix + maskToken(token))
    : masked;
}
