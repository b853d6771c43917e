import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Col,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
} from "antd";
import { useTranslation } from "react-i18next";
import { minorDigits } from "../../format/money";
import { useFeeItems } from "./data";
import { CivilDatePicker, civilDate, decimalRule, requiredRule } from "./fields";
import {
  alignments,
  escalationKinds,
  feeBases,
  frequencies,
  penaltyKinds,
  rentKinds,
  type TermsFormValues,
} from "./lease-form";

/** The fields of a lease's terms (rent, escalation, rent-free, fees, deposit, late fee, penalty). */
export function TermsFields({ form, currency }: { form: FormInstance; currency: string }) {
  const { t } = useTranslation();
  const digits = minorDigits(currency);
  const fees = useFeeItems();
  const rentKind = Form.useWatch<TermsFormValues["rentKind"]>("rentKind", form);
  const escalationKind = Form.useWatch<TermsFormValues["escalationKind"]>("escalationKind", form);
  const penaltyKind = Form.useWatch<TermsFormValues["penaltyKind"]>("penaltyKind", form);
  const money = (required = true) => [decimalRule(t, digits, "amount", required)];
  const percent = [decimalRule(t, 2, "percent")];
  const area = (required = true) => [decimalRule(t, 2, "area", required)];
  const frequencyOptions = frequencies.map((f) => ({
    value: f,
    label: t(`leases.frequencies.${f}`),
  }));

  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="frequency" label={t("leases.form.frequency")} rules={[requiredRule(t)]}>
            <Select options={frequencyOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="alignment" label={t("leases.form.alignment")} rules={[requiredRule(t)]}>
            <Select
              options={alignments.map((a) => ({ value: a, label: t(`leases.alignments.${a}`) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="rentKind" label={t("leases.form.rentKind")}>
        <Radio.Group
          options={rentKinds.map((k) => ({ value: k, label: t(`leases.rentKinds.${k}`) }))}
        />
      </Form.Item>
      {rentKind === "per_m2_month" ? (
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="rentRate" label={t("leases.form.rentRate")} rules={money()} required>
              <Input inputMode="decimal" suffix={currency} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="rentArea" label={t("leases.form.rentArea")} rules={area()} required>
              <Input inputMode="decimal" suffix="m²" />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <Form.Item name="rentAmount" label={t("leases.form.rentAmount")} rules={money()} required>
          <Input inputMode="decimal" suffix={currency} style={{ maxWidth: 320 }} />
        </Form.Item>
      )}
      <Form.Item name="escalationKind" label={t("leases.form.escalationKind")}>
        <Radio.Group
          options={escalationKinds.map((k) => ({
            value: k,
            label: t(`leases.escalationKinds.${k}`),
          }))}
        />
      </Form.Item>
      {escalationKind === "fixed_percent" && (
        <Form.Item
          name="escalationPercent"
          label={t("leases.form.escalationPercent")}
          rules={percent}
          required
        >
          <Input inputMode="decimal" suffix="%" style={{ maxWidth: 200 }} />
        </Form.Item>
      )}
      {escalationKind === "stepped" && (
        <Card size="small" title={t("leases.form.escalationSteps")} style={{ marginBottom: 16 }}>
          <Form.List name="escalationSteps">
            {(items, { add, remove }) => (
              <>
                {items.map((item, index) => (
                  <Row gutter={8} key={item.key} align="top">
                    <Col flex="180px">
                      <Form.Item
                        name={[item.name, "from"]}
                        label={`${t("leases.form.stepFrom")} ${index + 1}`}
                        rules={[requiredRule(t)]}
                        {...civilDate}
                      >
                        <CivilDatePicker />
                      </Form.Item>
                    </Col>
                    <Col flex="auto">
                      <Form.Item
                        name={[item.name, "value"]}
                        label={`${t("leases.form.stepValue")} ${index + 1}`}
                        rules={money()}
                        required
                      >
                        <Input inputMode="decimal" suffix={currency} />
                      </Form.Item>
                    </Col>
                    <Col flex="40px" style={{ paddingTop: 30 }}>
                      <Button
                        aria-label={t("leases.form.remove")}
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(item.name)}
                      />
                    </Col>
                  </Row>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ from: undefined, value: "" })}>
                  {t("leases.form.addStep")}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
      )}
      <Card size="small" title={t("leases.form.rentFree")} style={{ marginBottom: 16 }}>
        <Form.List name="rentFree">
          {(items, { add, remove }) => (
            <>
              {items.map((item, index) => (
                <Row gutter={8} key={item.key} align="top">
                  <Col flex="1">
                    <Form.Item
                      name={[item.name, "from"]}
                      label={`${t("leases.form.rentFreeFrom")} ${index + 1}`}
                      rules={[requiredRule(t)]}
                      {...civilDate}
                    >
                      <CivilDatePicker />
                    </Form.Item>
                  </Col>
                  <Col flex="1">
                    <Form.Item
                      name={[item.name, "to"]}
                      label={`${t("leases.form.rentFreeTo")} ${index + 1}`}
                      rules={[requiredRule(t)]}
                      {...civilDate}
                    >
                      <CivilDatePicker />
                    </Form.Item>
                  </Col>
                  <Col flex="40px" style={{ paddingTop: 30 }}>
                    <Button
                      aria-label={t("leases.form.remove")}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(item.name)}
                    />
                  </Col>
                </Row>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                {t("leases.form.addRentFree")}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="deposit" label={t("leases.form.deposit")} rules={money(false)}>
            <Input inputMode="decimal" suffix={currency} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item
            name="billLeadDays"
            label={t("leases.form.billLeadDays")}
            rules={[requiredRule(t)]}
          >
            <InputNumber min={0} max={90} precision={0} style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="dueDay" label={t("leases.form.dueDay")} rules={[requiredRule(t)]}>
            <InputNumber min={1} max={28} precision={0} style={{ width: "100%" }} />
          </Form.Item>
        </Col>
      </Row>
      <Card size="small" title={t("leases.form.fees")} style={{ marginBottom: 16 }}>
        <Form.List name="fees">
          {(items, { add, remove }) => (
            <>
              {items.map((item, index) => (
                <Row gutter={8} key={item.key} align="top" wrap>
                  <Col xs={24} md={5}>
                    <Form.Item
                      name={[item.name, "feeCode"]}
                      label={`${t("leases.form.feeCode")} ${index + 1}`}
                      rules={[requiredRule(t)]}
                    >
                      <Select
                        showSearch={{ optionFilterProp: "label" }}
                        options={fees.items
                          .filter((fee) => fee.active && fee.category !== "deposit")
                          .map((fee) => ({ value: fee.code, label: fees.nameOf(fee.code) }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={5}>
                    <Form.Item
                      name={[item.name, "basis"]}
                      label={`${t("leases.form.feeBasis")} ${index + 1}`}
                      rules={[requiredRule(t)]}
                    >
                      <Select
                        options={feeBases.map((b) => ({
                          value: b,
                          label: t(`leases.feeBases.${b}`),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={4}>
                    <Form.Item
                      name={[item.name, "amount"]}
                      label={`${t("leases.form.feeAmount")} ${index + 1}`}
                      rules={money()}
                      required
                    >
                      <Input inputMode="decimal" suffix={currency} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item
                      name={[item.name, "area"]}
                      label={`${t("leases.form.feeArea")} ${index + 1}`}
                      rules={area(false)}
                    >
                      <Input inputMode="decimal" />
                    </Form.Item>
                  </Col>
                  <Col xs={10} md={5}>
                    <Form.Item
                      name={[item.name, "frequency"]}
                      label={`${t("leases.form.feeFrequency")} ${index + 1}`}
                    >
                      <Select allowClear options={frequencyOptions} />
                    </Form.Item>
                  </Col>
                  <Col xs={2} md={1} style={{ paddingTop: 30 }}>
                    <Button
                      aria-label={t("leases.form.remove")}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(item.name)}
                    />
                  </Col>
                </Row>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ basis: "per_period", amount: "", area: "" })}
              >
                {t("leases.form.addFee")}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      <Card size="small" title={t("leases.form.lateFee")} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="lateGraceDays"
              label={t("leases.form.lateGraceDays")}
              rules={[requiredRule(t)]}
            >
              <InputNumber min={0} max={365} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="lateDailyPercent"
              label={t("leases.form.lateDailyPercent")}
              rules={percent}
              required
            >
              <Input inputMode="decimal" suffix="%" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="lateCapPercent"
              label={t("leases.form.lateCapPercent")}
              rules={percent}
              required
            >
              <Input inputMode="decimal" suffix="%" />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Form.Item name="penaltyKind" label={t("leases.form.penaltyKind")}>
        <Radio.Group
          options={penaltyKinds.map((k) => ({ value: k, label: t(`leases.penaltyKinds.${k}`) }))}
        />
      </Form.Item>
      {penaltyKind === "months_of_rent" && (
        <Form.Item
          name="penaltyMonths"
          label={t("leases.form.penaltyMonths")}
          rules={[requiredRule(t)]}
        >
          <InputNumber min={1} max={24} precision={0} style={{ width: 160 }} />
        </Form.Item>
      )}
      {penaltyKind === "fixed" && (
        <Form.Item
          name="penaltyAmount"
          label={t("leases.form.penaltyAmount")}
          rules={money()}
          required
        >
          <Input inputMode="decimal" suffix={currency} style={{ maxWidth: 320 }} />
        </Form.Item>
      )}
    </>
  );
}
