/**
 * The console's web app: its two assets and, for every other /console address, the one page that
 * routes in the browser. The page may load only its own assets (no CDN, nothing inline).
 */
import { type RequestHandler, Router } from "express";
import { consoleBundle, consoleHtml } from "../../web/console/build";

const PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'";

/** The asset URLs carry the bundle's hash: a hashed asset never changes, an unhashed request must revalidate. */
function asset(kind: "js" | "css"): RequestHandler {
  return async (req, res) => {
    const bundle = await consoleBundle();
    res.type(kind === "js" ? "text/javascript" : "text/css");
    res.setHeader("Cache-Control", req.query.v === bundle.version ? "public, max-age=31536000, immutable" : "no-cache");
    res.send(bundle[kind]);
  };
}

export function webAppRoutes(): Router {
  const router = Router();
  router.get("/assets/app.js", asset("js"));
  router.get("/assets/app.css", asset("css"));
  router.get(["/", "/{*page}"], async (req, res, next) => {
    if (req.path.startsWith("/assets/") || req.path.startsWith("/api/")) return next();
    const bundle = await consoleBundle();
    res.setHeader("Content-Security-Policy", PAGE_POLICY);
    res.setHeader("Cache-Control", "no-cache");
    res.type("html").send(consoleHtml(bundle.version));
  });
  return router;
}
