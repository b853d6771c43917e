import { describe, expect, it } from "vitest";
import { checkNewCustomer } from "./new-customer.ts";

const person = {
  kind: "person",
  name: " Chen Jing ",
  idDocumentType: "resident_id",
  idNumber: "110105-19491231-002x",
};

describe("checkNewCustomer", () => {
  it("answers the customer with defaults and the normalised number", () => {
    expect(checkNewCustomer(person)).toEqual({
      customer: {
        ...person,
        name: "Chen Jing",
        phones: [],
        email: "",
        tags: [],
        consentSms: false,
        consentEmail: false,
      },
      number: "11010519491231002X",
    });
  });

  it.each([
    ["a wrong check digit", { idNumber: "110105194912310021" }, ["idNumber"]],
    ["a document of another kind", { kind: "company" }, ["idDocumentType"]],
    ["an unknown kind, and a bad e-mail", { kind: "robot", email: "x" }, ["kind", "email"]],
    ["no number", { idNumber: "" }, ["idNumber"]],
    ["not an object", null, ["(body)"]],
  ] as const)("names %s", (_, change, fields) => {
    const request = change === null ? null : { ...person, ...change };
    const checked = checkNewCustomer(request);
    expect("issues" in checked && checked.issues.map((i) => i.field).sort()).toEqual(
      [...fields].sort(),
    );
  });
});
