ALTER TABLE `org_settings` ADD `available_again_en` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `org_settings` ADD `available_again_fr` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `agreement_fr` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `notice_fr` text DEFAULT '' NOT NULL;