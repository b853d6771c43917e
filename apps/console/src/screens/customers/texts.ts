export const customerTexts = {
  "zh-CN": {},
  en: {},
};
