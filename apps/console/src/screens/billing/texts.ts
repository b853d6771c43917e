export const billingTexts = {
  "zh-CN": {},
  en: {},
};
