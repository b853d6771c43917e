export const leaseTexts = {
  "zh-CN": {},
  en: {},
};
