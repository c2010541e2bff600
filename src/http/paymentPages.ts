/**
 * Where Stripe Checkout sends the customer's browser after the payment page. The booking itself
 * is confirmed by the webhook and told by text, never by this redirect, so these pages only say
 * what happens next.
 */
import { type Response, Router } from "express";
import { type PaymentPage, en } from "../copy";
import { RETURN_PATHS } from "../payments/paymentCalls";
import { messagePage } from "../web/manage/pages";

export function paymentPageRoutes(): Router {
  const router = Router();
  router.get(RETURN_PATHS.paid, (_req, res) => {
    page(res, "paid");
  });
  router.get(RETURN_PATHS.cancelled, (_req, res) => {
    page(res, "cancelled");
  });
  return router;
}

function page(res: Response, which: PaymentPage): void {
  const title = en.paymentPageTitle(which);
  const text = en.paymentPageText(which);
  res
    .status(200)
    .type("html")
    .set("Cache-Control", "no-store")
    // The customers' pages' look (the booking and manage pages), so the way back from Checkout reads as ours.
    .send(messagePage(title, text));
}
