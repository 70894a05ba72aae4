// Types of parse-prometheus-text-format (the package ships none): prom2json's shape.
declare module "parse-prometheus-text-format" {
  export type ParsedMetric =
    | { value: string; labels?: Record<string, string> }
    | { buckets: Record<string, string>; count: string; sum: string; labels?: Record<string, string> }
    | { quantiles: Record<string, string>; count: string; sum: string; labels?: Record<string, string> };
  export type ParsedFamily = {
    name: string;
    help: string;
    type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
    metrics: ParsedMetric[];
  };
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
