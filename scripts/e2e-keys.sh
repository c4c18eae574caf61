# API keys of the browser tests' two orgs (sourced by test.sh; also handy for trying the console by hand).
# Index 0 is the development key from appsettings.Development.json, so these start at 1.
# acme: alice (SALES_OPS, owns the campaigns she creates), sam (SDR_LEAD, read-only), cora (COMPLIANCE), olga (OPS).
# globex: gina, every role: another org whose campaigns acme must never see.
e2e_key() { # index key org user roles...
  local i=$1 key=$2 org=$3 user=$4; shift 4
  export "Callaro__ApiKeys__${i}__Key=$key" "Callaro__ApiKeys__${i}__OrgId=$org" "Callaro__ApiKeys__${i}__UserId=$user"
  local r=0
  for role in "$@"; do export "Callaro__ApiKeys__${i}__Roles__${r}=$role"; r=$((r + 1)); done
}
e2e_key 1 e2e-alice-key acme alice SALES_OPS
e2e_key 2 e2e-sam-key acme sam SDR_LEAD
e2e_key 3 e2e-cora-key acme cora COMPLIANCE
e2e_key 4 e2e-olga-key acme olga OPS
e2e_key 5 e2e-gina-key globex gina SDR_LEAD SALES_OPS COMPLIANCE REVOPS OPS
export Callaro__DashboardOrgIds__0=dev
