"""initial schema: units, cameras, incidents, evidence, places, accounts, audit

Revision ID: 20261122_initial
Revises: 
Create Date: 2026-11-22 06:03:59.543712
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
revision: str = '20261122_initial'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_geospatial_table('admin_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_folded', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('unit_type', sa.String(length=40), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('boundary_quality', sa.String(length=20), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.CheckConstraint("level IN ('province', 'district', 'commune')", name=op.f('ck_admin_unit_level_valid')),
    sa.CheckConstraint('population IS NULL OR population >= 0', name=op.f('ck_admin_unit_population_positive')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_admin_unit_valid_dates')),
    sa.ForeignKeyConstraint(['parent_id'], ['admin_unit.id'], name=op.f('fk_admin_unit_parent_id_admin_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_unit')),
    sa.UniqueConstraint('code', 'valid_from', name='uq_admin_unit_code_valid_from')
    )
    with op.batch_alter_table('admin_unit', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_admin_unit_geom', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_admin_unit_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_unit_name_folded'), ['name_folded'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_unit_parent_id'), ['parent_id'], unique=False)

    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'investigator', 'planner', 'commune_officer', 'viewer')", name=op.f('ck_app_user_role_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=64), nullable=True),
    sa.Column('object_id', sa.String(length=128), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('source_addr', sa.String(length=64), nullable=True),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_actor'), ['actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)

    op.create_table('admin_unit_succession',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('predecessor_id', sa.Integer(), nullable=False),
    sa.Column('successor_id', sa.Integer(), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint('predecessor_id <> successor_id', name=op.f('ck_admin_unit_succession_distinct_units')),
    sa.ForeignKeyConstraint(['predecessor_id'], ['admin_unit.id'], name=op.f('fk_admin_unit_succession_predecessor_id_admin_unit')),
    sa.ForeignKeyConstraint(['successor_id'], ['admin_unit.id'], name=op.f('fk_admin_unit_succession_successor_id_admin_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_unit_succession')),
    sa.UniqueConstraint('predecessor_id', 'successor_id', name='uq_admin_unit_succession')
    )
    with op.batch_alter_table('admin_unit_succession', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_unit_succession_predecessor_id'), ['predecessor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_unit_succession_successor_id'), ['successor_id'], unique=False)

    op.create_table('api_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_api_key_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_key')),
    sa.UniqueConstraint('prefix', name=op.f('uq_api_key_prefix'))
    )
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_key_user_id'), ['user_id'], unique=False)

    op.create_geospatial_table('camera',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('direction_deg', sa.Float(), nullable=False),
    sa.Column('fov_deg', sa.Float(), nullable=False),
    sa.Column('range_m', sa.Float(), nullable=False),
    sa.Column('height_m', sa.Float(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ownership', sa.String(length=16), nullable=False),
    sa.Column('owner_name', sa.String(length=200), nullable=True),
    sa.Column('owner_contact', sa.String(length=200), nullable=True),
    sa.Column('programme', sa.String(length=200), nullable=True),
    sa.Column('installed_on', sa.Date(), nullable=True),
    sa.Column('decommissioned_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('retention_days', sa.Integer(), nullable=True),
    sa.Column('connected_to_centre', sa.Boolean(), nullable=False),
    sa.Column('view_geom', Geometry(geometry_type='POLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('fixed', 'ptz', 'fisheye', 'anpr')", name=op.f('ck_camera_kind_valid')),
    sa.CheckConstraint("ownership IN ('state', 'community', 'household', 'business')", name=op.f('ck_camera_ownership_valid')),
    sa.CheckConstraint("status IN ('active', 'faulty', 'offline', 'decommissioned')", name=op.f('ck_camera_status_valid')),
    sa.CheckConstraint('decommissioned_on IS NULL OR installed_on IS NULL OR decommissioned_on >= installed_on', name=op.f('ck_camera_dates_ordered')),
    sa.CheckConstraint('direction_deg >= 0 AND direction_deg < 360', name=op.f('ck_camera_direction_range')),
    sa.CheckConstraint('fov_deg > 0 AND fov_deg <= 360', name=op.f('ck_camera_fov_range')),
    sa.CheckConstraint('height_m IS NULL OR (height_m >= 0 AND height_m <= 100)', name=op.f('ck_camera_height')),
    sa.CheckConstraint('range_m > 0 AND range_m <= 500', name=op.f('ck_camera_range_range')),
    sa.CheckConstraint('retention_days IS NULL OR retention_days >= 0', name=op.f('ck_camera_retention')),
    sa.ForeignKeyConstraint(['commune_id'], ['admin_unit.id'], name=op.f('fk_camera_commune_id_admin_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_camera')),
    sa.UniqueConstraint('code', name=op.f('uq_camera_code'))
    )
    with op.batch_alter_table('camera', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_camera_geom', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_geospatial_index('idx_camera_view_geom', ['view_geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_camera_commune_id'), ['commune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_camera_programme'), ['programme'], unique=False)
        batch_op.create_index(batch_op.f('ix_camera_status'), ['status'], unique=False)

    op.create_geospatial_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_code', sa.String(length=64), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('occurred_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('commune_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('reported', 'investigating', 'clarified', 'closed')", name=op.f('ck_incident_status_valid')),
    sa.CheckConstraint("type IN ('traffic_accident', 'traffic_violation', 'property_theft', 'robbery', 'assault', 'drug_offence', 'neighbourhood_dispute', 'fraud', 'fire', 'public_disorder', 'other')", name=op.f('ck_incident_type_valid')),
    sa.CheckConstraint('occurred_until IS NULL OR occurred_until >= occurred_at', name=op.f('ck_incident_window_ordered')),
    sa.ForeignKeyConstraint(['commune_id'], ['admin_unit.id'], name=op.f('fk_incident_commune_id_admin_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident')),
    sa.UniqueConstraint('case_code', name=op.f('uq_incident_case_code'))
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_incident_geom', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_incident_commune_id'), ['commune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_occurred_at'), ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_type'), ['type'], unique=False)

    op.create_geospatial_table('place',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_folded', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('commune_id', sa.Integer(), nullable=True),
    sa.Column('geom', Geometry(srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['commune_id'], ['admin_unit.id'], name=op.f('fk_place_commune_id_admin_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place'))
    )
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_place_geom', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_place_commune_id'), ['commune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_place_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_place_name_folded'), ['name_folded'], unique=False)

    op.create_table('user_commune_scope',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_user_commune_scope_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_commune_scope')),
    sa.UniqueConstraint('user_id', 'commune_code', name='uq_user_commune_scope')
    )
    op.create_table('camera_status_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('camera_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('effective_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.String(length=100), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('active', 'faulty', 'offline', 'decommissioned')", name=op.f('ck_camera_status_event_status_valid')),
    sa.ForeignKeyConstraint(['camera_id'], ['camera.id'], name=op.f('fk_camera_status_event_camera_id_camera'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_camera_status_event'))
    )
    with op.batch_alter_table('camera_status_event', schema=None) as batch_op:
        batch_op.create_index('ix_camera_status_event_camera_time', ['camera_id', 'effective_at'], unique=False)

    op.create_table('footage_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('camera_id', sa.Integer(), nullable=False),
    sa.Column('clip_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clip_end', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clock_offset_s', sa.Float(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=True),
    sa.Column('storage_uri', sa.Text(), nullable=True),
    sa.Column('extracted_by', sa.String(length=100), nullable=False),
    sa.Column('extracted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('usefulness', sa.String(length=16), nullable=False),
    sa.Column('outside_view_reason', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("usefulness IN ('decisive', 'supporting', 'not_useful')", name=op.f('ck_footage_evidence_usefulness_valid')),
    sa.CheckConstraint('clip_end > clip_start', name=op.f('ck_footage_evidence_clip_ordered')),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_footage_evidence_sha256_length')),
    sa.CheckConstraint('size_bytes IS NULL OR size_bytes >= 0', name=op.f('ck_footage_evidence_size_positive')),
    sa.ForeignKeyConstraint(['camera_id'], ['camera.id'], name=op.f('fk_footage_evidence_camera_id_camera')),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_footage_evidence_incident_id_incident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_footage_evidence')),
    sa.UniqueConstraint('incident_id', 'camera_id', 'sha256', name='uq_footage_evidence_clip')
    )
    with op.batch_alter_table('footage_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_footage_evidence_camera_id'), ['camera_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_footage_evidence_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_status_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('effective_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.String(length=100), nullable=True),
    sa.CheckConstraint("status IN ('reported', 'investigating', 'clarified', 'closed')", name=op.f('ck_incident_status_event_status_valid')),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_incident_status_event_incident_id_incident'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_status_event'))
    )
    with op.batch_alter_table('incident_status_event', schema=None) as batch_op:
        batch_op.create_index('ix_incident_status_event_incident_time', ['incident_id', 'effective_at'], unique=False)

    op.create_table('custody_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("action IN ('extracted', 'viewed', 'copied', 'handed_over', 'sealed', 'released')", name=op.f('ck_custody_event_action_valid')),
    sa.ForeignKeyConstraint(['evidence_id'], ['footage_evidence.id'], name=op.f('fk_custody_event_evidence_id_footage_evidence')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custody_event')),
    sa.UniqueConstraint('evidence_id', 'seq', name='uq_custody_event_seq')
    )
    with op.batch_alter_table('custody_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custody_event_evidence_id'), ['evidence_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('custody_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custody_event_evidence_id'))

    op.drop_table('custody_event')
    with op.batch_alter_table('incident_status_event', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_status_event_incident_time')

    op.drop_table('incident_status_event')
    with op.batch_alter_table('footage_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_footage_evidence_incident_id'))
        batch_op.drop_index(batch_op.f('ix_footage_evidence_camera_id'))

    op.drop_table('footage_evidence')
    with op.batch_alter_table('camera_status_event', schema=None) as batch_op:
        batch_op.drop_index('ix_camera_status_event_camera_time')

    op.drop_table('camera_status_event')
    op.drop_table('user_commune_scope')
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_name_folded'))
        batch_op.drop_index(batch_op.f('ix_place_kind'))
        batch_op.drop_index(batch_op.f('ix_place_commune_id'))
        batch_op.drop_geospatial_index('idx_place_geom', postgresql_using='gist', column_name='geom')

    op.drop_geospatial_table('place')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_type'))
        batch_op.drop_index(batch_op.f('ix_incident_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_incident_commune_id'))
        batch_op.drop_geospatial_index('idx_incident_geom', postgresql_using='gist', column_name='geom')

    op.drop_geospatial_table('incident')
    with op.batch_alter_table('camera', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_camera_status'))
        batch_op.drop_index(batch_op.f('ix_camera_programme'))
        batch_op.drop_index(batch_op.f('ix_camera_commune_id'))
        batch_op.drop_geospatial_index('idx_camera_view_geom', postgresql_using='gist', column_name='view_geom')
        batch_op.drop_geospatial_index('idx_camera_geom', postgresql_using='gist', column_name='geom')

    op.drop_geospatial_table('camera')
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_key_user_id'))

    op.drop_table('api_key')
    with op.batch_alter_table('admin_unit_succession', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_unit_succession_successor_id'))
        batch_op.drop_index(batch_op.f('ix_admin_unit_succession_predecessor_id'))

    op.drop_table('admin_unit_succession')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_actor'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    op.drop_table('app_user')
    with op.batch_alter_table('admin_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_unit_parent_id'))
        batch_op.drop_index(batch_op.f('ix_admin_unit_name_folded'))
        batch_op.drop_index(batch_op.f('ix_admin_unit_code'))
        batch_op.drop_geospatial_index('idx_admin_unit_geom', postgresql_using='gist', column_name='geom')

    op.drop_geospatial_table('admin_unit')
