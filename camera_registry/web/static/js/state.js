// What the page knows right now: the server's configuration, the map, the user, the area, the date.
export const state = {
  config: null,
  map: null,
  user: null,
  unit: null,
  date: null,
};

export const STATUS_COLOURS = {
  active: '#2e7d32',
  faulty: '#d32f2f',
  offline: '#f9a825',
  decommissioned: '#8d8d8d',
};

export const INCIDENT_COLOURS = {
  traffic_accident: '#e65100',
  traffic_violation: '#ffb300',
  property_theft: '#6a1b9a',
  robbery: '#ad1457',
  assault: '#c62828',
  drug_offence: '#283593',
  neighbourhood_dispute: '#00838f',
  fraud: '#4e342e',
  fire: '#ff3d00',
  public_disorder: '#558b2f',
  other: '#546e7a',
};

/** Roles that may see gaps, hot spots and recommendations (commune officers: own communes). */
export const PLANNING_ROLES = ['admin', 'planner', 'investigator', 'commune_officer'];

export function mayPlan(code) {
  const user = state.user;
  if (!user || !PLANNING_ROLES.includes(user.role)) return false;
  return user.role !== 'commune_officer' || user.communes.includes(code);
}
