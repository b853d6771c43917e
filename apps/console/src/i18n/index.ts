import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { type Language, languages, resources } from "./locales";

const STORAGE_KEY = "slms.language";

export function storedLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return languages.includes(stored as Language) ? (stored as Language) : "zh-CN";
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: resources(),
  lng: storedLanguage(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = storedLanguage();

export { i18n };
