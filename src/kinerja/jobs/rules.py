import rules

from kinerja.tenancy.rules import is_cycle_organiser


@rules.predicate
def started_it(user, job) -> bool:
    return job is not None and user.is_authenticated and job.started_by_id == user.pk


@rules.predicate
def organises_its_cycle(user, job) -> bool:
    return job is not None and job.cycle_id is not None and is_cycle_organiser(user, job.cycle)


# Who started a job follows it, and so do the organisers of the cycle it works on.
rules.add_perm("jobs.view_job", started_it | organises_its_cycle)
rules.add_perm("jobs.list", rules.is_authenticated)
