import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="narrow">
      <section className="panel" aria-labelledby="forbidden">
        <h1 id="forbidden">Not allowed</h1>
        <p className="muted">Your role does not include this page. Ask an admin if you need it.</p>
        <p>
          <Link href="/">Back to the overview</Link>
        </p>
      </section>
    </main>
  );
}
