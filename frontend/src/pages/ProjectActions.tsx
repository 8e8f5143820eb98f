// The project's decisions: approve / reject / authorise, assign a certifier, certify, revoke.
import { Group, Select } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { ActionButton } from "../components/ActionButton";
import type { ProjectAction, ProjectQuery } from "../gql/graphql";
import { OrganisationChoicesQuery } from "../operations/organisations";
import {
  ApproveProjectMutation, AssignCertifierMutation, AuthoriseProjectMutation, CertifyProjectMutation,
  RejectProjectMutation, RevokeCertificationMutation,
} from "../operations/projects";
import { useViewer } from "../session";
import { useRun } from "../useRun";
import { GrantAuthorisation } from "./Article6";

export type ProjectData = ProjectQuery["project"];

export function ProjectActions({ project, onDone }: { project: ProjectData; onDone: () => void }) {
  const viewer = useViewer();
  const run = useRun();
  const [certifier, setCertifier] = useState<string | null>(null);
  const may = (action: ProjectAction) => project.viewerMay.includes(action);
  const canAssign = may("ASSIGN_CERTIFIER");
  const [certifiers] = useQuery({ query: OrganisationChoicesQuery, variables: { type: "CERTIFIER" }, pause: !canAssign });
  return (
    <Group gap="xs">
      {may("APPROVE") && (
          <ActionButton size="sm" label="Approve project" color="teal" what={`Approve "${project.title}": the developer can then add activities and monitoring reports.`}
            run={() => run(ApproveProjectMutation, { id: project.id })} onDone={onDone} />
      )}
      {may("REJECT") && (
          <ActionButton size="sm" label="Reject project" color="red" needsReason what={`Reject "${project.title}".`}
            run={(reason) => run(RejectProjectMutation, { id: project.id, reason })} onDone={onDone} />
      )}
      {may("AUTHORISE") && (
        <ActionButton size="sm" label="Authorise project" color="teal" what={`Authorise "${project.title}": it gets its serial prefix and credits can be issued for it.`}
          run={() => run(AuthoriseProjectMutation, { id: project.id })} onDone={onDone} />
      )}
      {canAssign && (
        <ActionButton size="sm" label="Assign certifier" ready={!!certifier} what="Assign a certifier to verify this project and its monitoring reports."
          fields={<Select label="Certifier" required searchable value={certifier} onChange={setCertifier}
            data={(certifiers.data?.organisations.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))} />}
          run={() => run(AssignCertifierMutation, { projectId: project.id, certifierId: certifier ?? "" })} onDone={onDone} />
      )}
      {may("CERTIFY") && (
        <ActionButton size="sm" label="Certify project" color="teal" what={`Certify "${project.title}" for ${viewer.organisation.name}.`}
          run={() => run(CertifyProjectMutation, { id: project.id })} onDone={onDone} />
      )}
      {project.certifiers.filter((c) => c.viewerMay.includes("REVOKE")).map((c) => (
          <ActionButton key={c.organisation.id} size="sm" label={`Revoke ${c.organisation.name}`} color="red" needsReason
            what={`Revoke ${c.organisation.name}'s certification of this project.`}
            run={(reason) => run(RevokeCertificationMutation, { projectId: project.id, certifierId: c.organisation.id, reason })} onDone={onDone} />
        ))}
      {may("GRANT_ARTICLE6_AUTHORISATION") && <GrantAuthorisation project={project} onDone={onDone} />}
    </Group>
  );
}
