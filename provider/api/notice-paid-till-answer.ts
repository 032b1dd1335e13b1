import { z } from "zod";
import { wireInt, wireToken } from "./wire";

/** notice_paid_till answers (observed in CleanTalk's plugins); only `valid` is required. */
export const noticePaidTillAnswerSchema = z.object({
  valid: wireInt.pipe(z.union([z.literal(0), z.literal(1)])),
  moderate: wireInt.optional(),
  product_id: wireInt.optional(),
  service_id: wireInt.optional(),
  user_token: wireToken.optional(),
});
export type NoticePaidTillAnswer = z.infer<typeof noticePaidTillAnswerSchema>;
