#!/usr/bin/env bash
# What layout (c) of bench/import/pg_layout.sh costs the readers: the
# queries of src/store/ (the serve overview's two grouped queries, register
# pages by keyset, one asset, the survey list, a search) timed on asset as
# the migrations leave it and on the view asset_v over the narrow partition
# and the verdicts (bench/import/pg_layout_readers.sql), each 9 times,
# the median of the last 7 (ms, psql \timing).
#
# usage: bench/import/pg_layout_readers.sh URL   (a store holding one
#        import of bench/out/inventory-1000000.csv as survey 1; it gains
#        the tables verdict, asset_pm and the view asset_v)
set -euo pipefail
cd "$(dirname "$0")/../.."
U=$1
export PGOPTIONS="-c client_min_messages=warning"
psql "$U" -qAt -v ON_ERROR_STOP=1 -f bench/import/pg_layout_readers.sql |
	{ read -r differ; read -r sizes; echo "rows differing between asset and asset_v: $differ; size with indexes (asset | the partition): $sizes"; }
declare -A Q
order=(overview overview_prev register_first register_deep register_all register_chinese one_asset surveys search)
Q[overview]="SELECT coalesce(type, type_raw), department, CASE chinese WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END, sum(count), sum(coalesce(count_low, count)), CASE WHEN sum(CASE WHEN count_high IS NULL AND count_low IS NOT NULL THEN 1 ELSE 0 END) > 0 THEN NULL ELSE sum(coalesce(count_high, count)) END, max(estimated), min(id) FROM TBL WHERE (\$1 = 0 OR survey_id = \$1) AND (\$2 < 0 OR kind = \$3) AND (\$4 = 0 OR chinese = 1) GROUP BY 1, 2, 3 ORDER BY min(id)"
Q[overview_prev]="SELECT coalesce(type, type_raw), CASE chinese WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END, sum(count), sum(coalesce(count_low, count)), CASE WHEN sum(CASE WHEN count_high IS NULL AND count_low IS NOT NULL THEN 1 ELSE 0 END) > 0 THEN NULL ELSE sum(coalesce(count_high, count)) END, max(estimated), min(id) FROM TBL WHERE (\$1 = 0 OR survey_id = \$1) AND (\$2 < 0 OR kind = \$3) AND (\$4 = 0 OR chinese = 1) GROUP BY 1, 2 ORDER BY min(id)"
SEL="SELECT a.id, a.kind, a.type, a.type_raw, a.maker, a.vendor, a.vendor_name, a.brand, a.model, a.firmware, a.serial, a.mac, a.ip, a.hostname, a.department, a.site, a.zone, a.acquired, a.lifespan_years, a.count, a.count_low, a.count_high, a.estimated, a.country, a.chinese, a.critical, a.confidence, coalesce(a.source_line, s.path || ':' || a.source_row), a.product, a.publisher, a.owner, a.version, a.device, a.data_class, a.origin_reported, a.randomized_mac, e.items FROM TBL a LEFT JOIN evidence_set e ON e.id = a.evidence_id LEFT JOIN source s ON s.id = a.source_id"
PAGE="WHERE (\$1 = 0 OR a.survey_id = \$1) AND (\$2 < 0 OR a.kind = \$3) AND (\$4 = 0 OR a.chinese = 1) AND (0 = 0 OR a.critical = 1) AND a.id > \$5 AND (\$6 = 0 OR a.id = \$6) ORDER BY a.id LIMIT 101"
Q[register_first]="$SEL $PAGE"
Q[register_deep]="$SEL $PAGE"
Q[register_all]="$SEL $PAGE"
Q[register_chinese]="$SEL $PAGE"
Q[one_asset]="$SEL $PAGE"
Q[search]="$SEL WHERE (\$1 = 0 OR a.survey_id = \$1) AND (\$2 < 0 OR a.kind = \$3) AND (\$4 = 0 OR a.chinese = 1) AND a.id > \$5 AND (\$6 = 0 OR a.id = \$6) AND (lower(a.type) LIKE '%huawei%' OR lower(a.maker) LIKE '%huawei%' OR lower(a.vendor_name) LIKE '%huawei%' OR lower(a.model) LIKE '%huawei%' OR lower(a.serial) LIKE '%huawei%') ORDER BY a.id LIMIT 101"
Q[surveys]="SELECT s.id, s.name, (SELECT count(*) FROM source r WHERE r.survey_id = s.id), coalesce(sum(CASE WHEN a.kind = 'hardware' THEN a.count END), 0), coalesce(sum(CASE WHEN a.kind = 'hardware' AND a.chinese = 1 THEN a.count END), 0), coalesce(sum(CASE WHEN a.kind = 'hardware' AND a.chinese IS NULL THEN a.count END), 0), coalesce(sum(CASE WHEN a.kind = 'software' THEN a.count END), 0), coalesce(sum(CASE WHEN a.kind = 'software' AND a.chinese = 1 THEN a.count END), 0) FROM survey s LEFT JOIN TBL a ON a.survey_id = s.id GROUP BY s.id"
declare -A A
A[overview]="(1, 0, 'hardware', 0)"; A[overview_prev]="(1, 0, 'hardware', 0)"
A[register_first]="(1, 0, 'hardware', 0, 0, 0)"; A[register_deep]="(1, 0, 'hardware', 0, 900000, 0)"
A[register_all]="(0, -1, 'hardware', 0, 900000, 0)"
A[register_chinese]="(1, 0, 'hardware', 1, 500000, 0)"; A[one_asset]="(1, -1, 'hardware', 0, 765431, 765432)"
A[search]="(1, -1, 'hardware', 0, 0, 0)"; A[surveys]=""
declare -A T
T[overview]="(bigint, bigint, text, bigint)"; T[overview_prev]="${T[overview]}"
for k in register_first register_deep register_all register_chinese one_asset search; do T[$k]="(bigint, bigint, text, bigint, bigint, bigint)"; done
T[surveys]=""
echo "| query | on asset (today) ms | on the view asset_v ms |"
echo "| --- | ---: | ---: |"
for k in "${order[@]}"; do
	line="| $k"
	for tbl in asset asset_v; do
		sql=${Q[$k]//TBL/$tbl}
		ms=$( { echo "PREPARE q ${T[$k]} AS $sql;"; echo '\timing on'; for i in 1 2 3 4 5 6 7 8 9; do echo "EXECUTE q ${A[$k]};"; done; } |
			psql "$U" -qAt -o /dev/null 2>&1 | grep -o 'Time: [0-9.]*' | awk '{print $2}' | tail -n 7 | sort -n | sed -n 4p)
		line="$line | $ms"
	done
	echo "$line |"
done
