// The /24 (/48) prefix of the address a request came from: what the audit log and sign-in sessions
// keep of an address (DESIGN.md "Personal data": full addresses live only in memory).
import { requestClientAddress } from "../http/client-ip";
import { parseAddress, truncatedPrefix } from "./ip";

export function requestPrefix(headers: { get(name: string): string | null }): string | null {
  const addr = parseAddress(requestClientAddress({ headers }));
  return addr ? truncatedPrefix(addr) : null;
}

export function addressPrefix(address: string | null | undefined): string | null {
  const addr = parseAddress(address);
  return addr ? truncatedPrefix(addr) : null;
}
