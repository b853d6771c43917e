import type { ProtoGrpcType } from "./generated/notifications.ts";
import { loadProto } from "./grpc-loader.ts";

const loaded = loadProto<ProtoGrpcType>("slms/notifications/v1/notifications.proto");

/** The raw `slms.notifications.v1` package definition (for server reflection). */
export const notificationsPackageDefinition = loaded.definition;
/** The `NotificationsService` client constructor; its `.service` is the service definition. */
export const NotificationsServiceClient = loaded.grpc.slms.notifications.v1.NotificationsService;

export type { InboxItem__Output as InboxItem } from "./generated/slms/notifications/v1/InboxItem.ts";
export type { LadderStep__Output as LadderStep } from "./generated/slms/notifications/v1/LadderStep.ts";
export type { Notification__Output as Notification } from "./generated/slms/notifications/v1/Notification.ts";
export type { NotificationsServiceDefinition } from "./generated/slms/notifications/v1/NotificationsService.ts";
export type { OptOut__Output as OptOut } from "./generated/slms/notifications/v1/OptOut.ts";
export type { OutboxFile__Output as OutboxFile } from "./generated/slms/notifications/v1/OutboxFile.ts";
export type { SiteSettings__Output as SiteSettings } from "./generated/slms/notifications/v1/SiteSettings.ts";
export type { Template__Output as Template } from "./generated/slms/notifications/v1/Template.ts";
