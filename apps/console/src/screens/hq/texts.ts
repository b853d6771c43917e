export const hqTexts = {
  "zh-CN": {},
  en: {},
};
