import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { session } from "./session";

/** E-mail and password; a refusal (or 429 with its wait) is shown above the form. */
export default function LoginPage({ onSignedIn }: { onSignedIn(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: { email: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const response = await session.login(values.email, values.password);
      if (response.ok) return onSignedIn();
      const retry = response.headers.get("Retry-After");
      setError(
        response.status === 429 && retry
          ? t("login.tooMany", { seconds: retry })
          : response.status === 401
            ? t("login.failed")
            : t("errors.generic"),
      );
    } catch {
      setError(t("errors.network"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <Card style={{ width: 380 }}>
        <Typography.Title level={3}>{t("app.name")}</Typography.Title>
        <Typography.Paragraph type="secondary">{t("app.tagline")}</Typography.Paragraph>
        {error && (
          <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />
        )}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label={t("login.email")} name="email" rules={[{ required: true }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t("login.password")} name="password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t("login.submit")}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
