/**
 * The services deployed today. Adding a service to the manifests and docker-compose.yml means
 * adding it here; the tests then demand every piece of it (deploy/README.md, "Adding a service").
 */
export const SERVICES = [
  "gateway",
  "assets",
  "customers",
  "contracts",
  "billing",
  "payments",
  "reporting",
  "notifications",
  "onboarding",
  "finance",
] as const;
