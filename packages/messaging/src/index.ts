export type { DeliveryInfo, EventBus, Subscription } from "./bus.ts";
export { createInProcessBus, type DeadLetter, type InProcessBus } from "./in-process-bus.ts";
export {
  type OutboxRelay,
  type OutboxRelayOptions,
  type OutboxSource,
  startOutboxRelay,
} from "./outbox-relay.ts";
export { createRabbitBus, type RabbitBus, type RabbitBusOptions } from "./rabbit-bus.ts";
export { topicMatches } from "./topic.ts";
