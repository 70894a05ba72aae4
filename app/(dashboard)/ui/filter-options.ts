// The choices the filter bar offers, as GET /api/v1/filters answers them. Declared here (the bar is
// the consumer that needs this exact shape) so the page can fetch it with useReadApi<FilterOptions>.
export type FilterOptions = {
  servers: string[];
  regions: string[];
  tenants: { slug: string; name: string }[];
  realms: string[];
  apps: { id: string; name: string; tenant: string }[];
};
