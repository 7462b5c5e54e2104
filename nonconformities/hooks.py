"""Where nonconformities plug into lower apps (registered in NonconformitiesConfig.ready())."""

from audits.hooks import finding_nc_opener_register
from nonconformities import services


def register():
    finding_nc_opener_register(services.nonconformity_open_from_finding)
