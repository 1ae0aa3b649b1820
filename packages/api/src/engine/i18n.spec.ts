import { localeFromAcceptLanguage, translate } from './i18n';

describe('i18n', () => {
  it('chooses zh-CN unless English is preferred', () => {
    expect(localeFromAcceptLanguage(undefined)).toBe('zh-CN');
    expect(localeFromAcceptLanguage('en')).toBe('en');
    expect(localeFromAcceptLanguage('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(localeFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('fr-FR, en;q=0.5')).toBe('en');
    expect(localeFromAcceptLanguage('de')).toBe('zh-CN');
  });

  it('fills values into messages', () => {
    expect(translate('zh-CN', 'DUPLICATE_CODE', 'A1')).toBe('编码“A1”已存在');
    expect(translate('en', 'SCOPE_REQUIRED', 'Street')).toBe('This role needs its street');
  });
});
