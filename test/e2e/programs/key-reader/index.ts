import * as pulumi from "@pulumi/pulumi";

const producer = new pulumi.StackReference(new pulumi.Config().require("producer"));
export const authKey = producer.getOutput("keyAuthKey");
export const fingerprint = producer.getOutput("fingerprint");
