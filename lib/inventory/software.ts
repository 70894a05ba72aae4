// TURN server software we know; dependency-free so that the settings form (a client bundle) can list it.
export const SERVER_SOFTWARE = ["coturn", "eturnal", "stunner", "other"] as const;
export type ServerSoftware = (typeof SERVER_SOFTWARE)[number];
