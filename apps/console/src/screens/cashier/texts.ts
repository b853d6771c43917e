export const cashierTexts = {
  "zh-CN": {},
  en: {},
};
