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
import { useT } from "../i18n";
import { actions } from "../i18n/messages/actions";
import { useViewer } from "../session";
import { useRun } from "../useRun";
import { GrantAuthorisation } from "./Article6";

export type ProjectData = ProjectQuery["project"];

export function ProjectActions({ project, onDone }: { project: ProjectData; onDone: () => void }) {
  const viewer = useViewer();
  const run = useRun();
  const { t } = useT(actions);
  const [certifier, setCertifier] = useState<string | null>(null);
  const may = (action: ProjectAction) => project.viewerMay.includes(action);
  const canAssign = may("ASSIGN_CERTIFIER");
  const [certifiers] = useQuery({ query: OrganisationChoicesQuery, variables: { type: "CERTIFIER" }, pause: !canAssign });
  return (
    <Group gap="xs">
      {may("APPROVE") && (
          <ActionButton size="sm" label={t("project.approve")} color="teal" what={t("project.approve.what", { title: project.title })}
            run={() => run(ApproveProjectMutation, { id: project.id })} onDone={onDone} />
      )}
      {may("REJECT") && (
          <ActionButton size="sm" label={t("project.reject")} color="red" needsReason what={t("project.reject.what", { title: project.title })}
            run={(reason) => run(RejectProjectMutation, { id: project.id, reason })} onDone={onDone} />
      )}
      {may("AUTHORISE") && (
        <ActionButton size="sm" label={t("project.authorise")} color="teal" what={t("project.authorise.what", { title: project.title })}
          run={() => run(AuthoriseProjectMutation, { id: project.id })} onDone={onDone} />
      )}
      {canAssign && (
        <ActionButton size="sm" label={t("project.assign")} ready={!!certifier} what={t("project.assign.what")}
          fields={<Select label={t("project.certifier")} required searchable value={certifier} onChange={setCertifier}
            data={(certifiers.data?.organisations.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))} />}
          run={() => run(AssignCertifierMutation, { projectId: project.id, certifierId: certifier ?? "" })} onDone={onDone} />
      )}
      {may("CERTIFY") && (
        <ActionButton size="sm" label={t("project.certify")} color="teal" what={t("project.certify.what", { title: project.title, organisation: viewer.organisation.name })}
          run={() => run(CertifyProjectMutation, { id: project.id })} onDone={onDone} />
      )}
      {project.certifiers.filter((c) => c.viewerMay.includes("REVOKE")).map((c) => (
          <ActionButton key={c.organisation.id} size="sm" label={t("project.revoke", { organisation: c.organisation.name })} color="red" needsReason
            what={t("project.revoke.what", { organisation: c.organisation.name })}
            run={(reason) => run(RevokeCertificationMutation, { projectId: project.id, certifierId: c.organisation.id, reason })} onDone={onDone} />
        ))}
      {may("GRANT_ARTICLE6_AUTHORISATION") && <GrantAuthorisation project={project} onDone={onDone} />}
    </Group>
  );
}
