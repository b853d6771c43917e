import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

/** What a screen shows instead of itself: a site not yours, a screen your role may not use. */
export function Problem({ kind }: { kind: "notFound" | "forbidden" }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status={kind === "notFound" ? "404" : "403"}
      title={kind === "notFound" ? "404" : "403"}
      subTitle={t(`errors.${kind}`)}
      extra={
        <Button type="primary" onClick={() => navigate("/")}>
          {t("errors.back")}
        </Button>
      }
    />
  );
}
