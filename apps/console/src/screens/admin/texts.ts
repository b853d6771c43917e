export const adminTexts = {
  "zh-CN": {},
  en: {},
};
