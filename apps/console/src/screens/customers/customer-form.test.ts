import { describe, expect, it } from "vitest";
import {
  type Customer,
  customerChangeBody,
  customerFieldOf,
  customerFormValues,
  newCustomerBody,
  splitPhones,
} from "./customer-form";

const stored: Customer = {
  id: "cus_1",
  siteId: "sit_1",
  partyId: "pty_1",
  kind: "person",
  name: "张三",
  idDocumentType: "resident_id",
  idNumber: "110101********123X",
  idNumberMasked: true,
  phones: ["+8613800000000"],
  email: "",
  emergencyContact: null,
  tags: ["vip"],
  consentSms: true,
  consentEmail: false,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

describe("customer form", () => {
  it("splits the phones typed into one field", () => {
    expect(splitPhones(" 138 0000 0000, +86-21-1234；021 5555\n\n")).toEqual([
      "138 0000 0000",
      "+86-21-1234",
      "021 5555",
    ]);
    expect(splitPhones(undefined)).toEqual([]);
  });

  it("builds the create body, trimmed, without an empty emergency contact", () => {
    const body = newCustomerBody({
      kind: "company",
      name: "  深圳某公司 ",
      idDocumentType: "unified_social_credit_code",
      idNumber: " 91110101105037450X ",
      phones: "0755 1234",
      email: "",
      emergencyContact: { name: "", phone: " ", relation: "" },
      tags: [" key ", ""],
    });
    expect(body).toEqual({
      kind: "company",
      name: "深圳某公司",
      idDocumentType: "unified_social_credit_code",
      idNumber: "91110101105037450X",
      phones: ["0755 1234"],
      email: "",
      tags: ["key"],
      consentSms: false,
      consentEmail: false,
    });
  });

  it("sends a partly filled emergency contact so the API names what is missing", () => {
    const body = newCustomerBody({
      kind: "person",
      name: "a",
      idDocumentType: "passport",
      idNumber: "E1",
      emergencyContact: { name: "李四" },
    });
    expect(body.emergencyContact).toEqual({ name: "李四", phone: "", relation: "" });
  });

  it("never sends a masked ID number back, and keeps it when left blank", () => {
    const values = customerFormValues(stored);
    expect(values.idNumber).toBe("");
    const body = customerChangeBody({ ...values, name: "张三丰" }, stored);
    expect(body.name).toBe("张三丰");
    expect(body).not.toHaveProperty("idNumber");
    expect(body).not.toHaveProperty("idDocumentType");
    expect(body.phones).toEqual(["+8613800000000"]);
  });

  it("sends a newly typed ID number with its document type", () => {
    const body = customerChangeBody(
      { ...customerFormValues(stored), idNumber: "E12345678", idDocumentType: "passport" },
      stored,
    );
    expect(body.idNumber).toBe("E12345678");
    expect(body.idDocumentType).toBe("passport");
  });

  it("does not resend an unmasked ID number that did not change", () => {
    const visible = { ...stored, idNumber: "11010119900307123X", idNumberMasked: false };
    const values = customerFormValues(visible);
    expect(values.idNumber).toBe("11010119900307123X");
    expect(customerChangeBody(values, visible)).not.toHaveProperty("idNumber");
  });

  it("names the form field of an API error detail", () => {
    expect(customerFieldOf("idNumber")).toBe("idNumber");
    expect(customerFieldOf("body.name")).toBe("name");
    expect(customerFieldOf("phones.1")).toBe("phones");
    expect(customerFieldOf("tags.0")).toBe("tags");
    expect(customerFieldOf("emergencyContact.phone")).toBe("emergencyContact.phone");
    expect(customerFieldOf("partyId")).toBeNull();
  });
});
