// Who the signed-in account is to the consortium: a staff post (agency, roles, where posted), an
// agency's administration, a council seat, a review seat. The workbench shows what these allow
// and nothing else; the runtime checks every call again on its own.
import { connect } from '../chain';
import type { Json } from '../records';
import { agencies } from '../records';

export interface Post {
  agency: number;
  code: number;
  roles: string[];
  /** Where the member is posted: the agency's whole area or a part of it. */
  region: number;
  /** Posted to the agency's whole area: acts on all its cases. */
  agencyWide: boolean;
}

export interface Me {
  address: string;
  post?: Post;
  /** The agency this account administers. */
  admin?: number;
  council: boolean;
  reviewer: boolean;
  /** Every agency, public facts (id, kind, name, region, admin). */
  agencies: Json[];
}

export async function whoAmI(address: string): Promise<Me> {
  const { api } = await connect();
  const [staff, adminOf, councillors, reviewers, all] = await Promise.all([
    api.query.registration.staff(address) as Promise<Json>,
    api.query.registration.adminOf(address) as Promise<Json>,
    api.query.council.members() as Promise<Json>,
    api.query.registration.reviewTeam() as Promise<Json>,
    agencies(),
  ]);
  let post: Post | undefined;
  if (staff.isSome) {
    const s = staff.unwrap().toJSON();
    const agency = all.find((a) => a.id === s.agency);
    post = {
      agency: s.agency,
      code: Number(s.code),
      roles: s.roles as string[],
      region: Number(s.region),
      agencyWide: !!agency && Number(agency.region) === Number(s.region),
    };
  }
  const members = (councillors.toJSON() as string[]).map(String);
  const team = (reviewers.toJSON() as string[]).map(String);
  return {
    address,
    post,
    admin: adminOf.isSome ? Number(adminOf.unwrap().toString()) : undefined,
    council: members.some((m) => sameAccount(api, m, address)),
    reviewer: team.some((m) => sameAccount(api, m, address)),
    agencies: all,
  };
}

/** Whether two SS58 (or hex) addresses name the same account. */
function sameAccount(api: Json, a: string, b: string): boolean {
  return api.createType('AccountId', a).eq(api.createType('AccountId', b));
}

/** Whether the account has anything to do in the workbench. */
export function isConsortium(me: Me): boolean {
  return !!me.post || me.admin !== undefined || me.council;
}

/** The staff roles each kind of agency may grant (the runtime's `AgencyKind::may_grant`). */
export const GRANTS: Record<string, string[]> = {
  SocialInsuranceAgency: ['SocialInsuranceOfficer'],
  CivilAffairsDepartment: ['CivilAffairsOfficer', 'DemocraticReviewMember'],
  NeighborhoodCommittee: ['NeighborhoodCommitteeMember', 'DemocraticReviewMember'],
  SubDistrictOffice: ['SubDistrictAccountant', 'DemocraticReviewMember'],
  WelfareInstitute: ['WelfareInstituteOfficer'],
  CountyWelfareDepartment: ['CountyWelfareOfficer'],
  Hospital: ['ConsultationDoctor'],
  AuditOffice: ['Auditor'],
};
