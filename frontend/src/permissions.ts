// What the viewer may do, derived from their organisation type and role. The API has no
// "what may the viewer do" field yet, so this mirrors backend/policy.py's table in ONE place;
// the server still decides (a refused call shows its FORBIDDEN message).
import type { OrganisationType, Role } from "./gql/graphql";

export type Viewer = {
  id: string;
  role: Role;
  organisation: { id: string; type: OrganisationType; status: string };
};

const isWorker = (v: Viewer) => v.role === "ADMIN" || v.role === "MANAGER";
const isGov = (v: Viewer) => v.organisation.type === "GOVERNMENT";
const govWorker = (v: Viewer) => isGov(v) && isWorker(v);
const govAdmin = (v: Viewer) => isGov(v) && (v.role === "ADMIN" || v.role === "ROOT");
const ministryWorker = (v: Viewer) => v.organisation.type === "MINISTRY" && isWorker(v);
const devWorker = (v: Viewer) => v.organisation.type === "DEVELOPER" && isWorker(v);
const certWorker = (v: Viewer) => v.organisation.type === "CERTIFIER" && isWorker(v);
const holderWorker = (v: Viewer) => isWorker(v) && v.organisation.type !== "PARTNER";

type Project = { owners: { organisation: { id: string } }[]; certifiers: { organisation: { id: string }; status: string }[] };

const owns = (v: Viewer, p: Project) => p.owners.some((o) => o.organisation.id === v.organisation.id);
const assigned = (v: Viewer, p: Project) =>
  p.certifiers.some((c) => c.organisation.id === v.organisation.id && c.status !== "REVOKED");

/** The viewer's permissions; every screen asks here, never repeats a rule. */
export const may = {
  approveOrganisation: govAdmin,
  suspendOrganisation: govAdmin,
  inviteUser: (v: Viewer, orgId: string) => govAdmin(v) || (v.role === "ADMIN" && v.organisation.id === orgId),
  deactivateUser: (v: Viewer, orgId: string) => govAdmin(v) || (v.role === "ADMIN" && v.organisation.id === orgId),
  createProject: devWorker,
  decideProject: (v: Viewer) => govWorker(v) || ministryWorker(v),
  assignCertifier: (v: Viewer, p: Project) => govWorker(v) || ministryWorker(v) || (devWorker(v) && owns(v, p)),
  certify: (v: Viewer, p: Project) => certWorker(v) && assigned(v, p),
  revokeCertificationOf: (v: Viewer, p: Project, certifierId: string) =>
    govWorker(v) || (certWorker(v) && assigned(v, p) && certifierId === v.organisation.id),
  addActivity: (v: Viewer, p: Project) => devWorker(v) && owns(v, p),
  decideActivity: (v: Viewer) => govWorker(v) || ministryWorker(v),
  submitMonitoring: (v: Viewer, p: Project) => devWorker(v) && owns(v, p),
  verifyMonitoring: (v: Viewer, p: Project) => certWorker(v) && assigned(v, p),
  decideFinancing: (v: Viewer) => govWorker(v) || ministryWorker(v),
  requestFinancing: (v: Viewer, p: Project) => devWorker(v) && owns(v, p),
  acceptDocument: (v: Viewer) => govWorker(v) || ministryWorker(v),
  issueCredits: govWorker,
  transfer: (v: Viewer, holderOrgId: string | undefined) => holderWorker(v) && holderOrgId === v.organisation.id,
  requestTransfer: (v: Viewer, holderOrgId: string | undefined) =>
    holderWorker(v) && holderOrgId !== undefined && holderOrgId !== v.organisation.id,
  decideTransfer: (v: Viewer, fromOrgId: string | undefined) => holderWorker(v) && fromOrgId === v.organisation.id,
  cancelTransfer: (v: Viewer, toOrgId: string | undefined) => holderWorker(v) && toOrgId === v.organisation.id,
  retire: (v: Viewer, holderOrgId: string | undefined) => holderWorker(v) && holderOrgId === v.organisation.id,
  decideRetirement: govWorker,
  freezeTransfers: (v: Viewer) => isGov(v) && v.role === "ADMIN",
  seeUsersOfAll: (v: Viewer) => isGov(v),
};
