#!/bin/sh
# One-shot, in temporalio/admin-tools (compose service `temporal-namespace`, Kubernetes Job `temporal-namespace`):
# once the server answers, creates the billing namespace with its retention (or sets the retention of an existing
# one) and registers the search attributes operators query in the Web UI. Safe to run on every deploy.
set -eu
: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS: the frontend, host:port}"
namespace="${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE: the billing namespace}"
retention="${TEMPORAL_NAMESPACE_RETENTION:-90d}"
wait_seconds="${TEMPORAL_SETUP_WAIT_SECONDS:-300}"

# `90d` → `2160h`: days written as hours, which every version of the CLI's duration flag reads.
case "$retention" in
  *d) retention="$((${retention%d} * 24))h" ;;
esac

deadline=$(($(date +%s) + wait_seconds))
# Runs "$@" until it succeeds, or gives up at the deadline naming what it waited for.
wait_until() {
  what="$1"
  shift
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "temporal-namespace: gave up after ${wait_seconds}s waiting for $what" >&2
      exit 1
    fi
    sleep 2
  done
}

wait_until "$TEMPORAL_ADDRESS to be healthy" temporal operator cluster health

if temporal operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
  temporal operator namespace update --namespace "$namespace" --retention "$retention"
  echo "temporal-namespace: $namespace exists, retention set to $retention"
else
  temporal operator namespace create --namespace "$namespace" --retention "$retention"
  echo "temporal-namespace: $namespace created, retention $retention"
fi
# A new namespace reaches every frontend's cache within seconds; until then its search attributes cannot be listed.
wait_until "namespace $namespace to be served" temporal operator search-attribute list --namespace "$namespace"

# The list of workflows/search-attributes.ts (BILLING_SEARCH_ATTRIBUTES); test/deploy/temporal-setup.test.ts keeps
# the two equal.
for attribute in BillingUserId=Keyword BillingSubscriptionId=Keyword BillingPlanId=Keyword BillingStatus=Keyword BillingNextChargeAt=Datetime; do
  name="${attribute%%=*}"
  if temporal operator search-attribute list --namespace "$namespace" | grep -qw "$name"; then
    echo "temporal-namespace: search attribute $name already registered"
  else
    temporal operator search-attribute create --namespace "$namespace" --name "$name" --type "${attribute#*=}"
  fi
done
temporal operator search-attribute list --namespace "$namespace"
