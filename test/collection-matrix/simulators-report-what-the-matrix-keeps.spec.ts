import { platformReports } from '../../simulators/fleet/catalog/platform-facts';
import { OS_RELEASES } from '../../simulators/fleet/catalog/os-versions';
import { ENROLLMENTS, fieldRefusal, HARDWARE_FIELDS } from './collection-matrix';

/**
 * The simulators' platform facts against the collection matrix, for every OS release the fleets
 * draw: what a real device reports is never something the server refuses (a real device never gets
 * a 400 for its hardware), and what the server refuses is never reported.
 */
describe("the simulators' platform facts agree with the collection matrix", () => {
  const cases = ENROLLMENTS.flatMap(({ platform, enrollmentType }) =>
    Object.values(OS_RELEASES[platform])
      .flat()
      .map((osVersion) => ({ platform, enrollmentType, osVersion })),
  );

  it.each(cases)(
    '$platform $enrollmentType $osVersion reports only fields the matrix keeps',
    ({ platform, enrollmentType, osVersion }) => {
      const disagreements = HARDWARE_FIELDS.filter(
        (field) =>
          platformReports(platform, enrollmentType, field, osVersion) &&
          fieldRefusal(platform, enrollmentType, field, osVersion) !== null,
      );
      expect(disagreements).toEqual([]);
    },
  );
});
