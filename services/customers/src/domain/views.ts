import type { CustomerKindName, IdDocumentTypeName } from "./id-numbers.ts";

export interface EmergencyContactView {
  name: string;
  phone: string;
  relation: string;
}

/** A customer as use-cases return it; the gRPC layer maps it to the proto message. */
export interface CustomerView {
  id: string;
  orgId: string;
  /** The site whose record this is. */
  siteId: string;
  /** `pty_…`, shared by this person's or company's records at every site of the organisation. */
  partyId: string;
  kind: CustomerKindName;
  name: string;
  idDocumentType: IdDocumentTypeName;
  /** In full only for callers allowed to read it; see `idNumberMasked`. */
  idNumber: string;
  idNumberMasked: boolean;
  phones: string[];
  /** "" when none. */
  email: string;
  emergencyContact: EmergencyContactView | null;
  tags: string[];
  consentSms: boolean;
  consentEmail: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** One page of a list and the token of the next, or null on the last page. */
export interface Page<T> {
  items: T[];
  nextPageToken: string | null;
}
