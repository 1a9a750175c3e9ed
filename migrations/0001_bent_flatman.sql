CREATE TABLE `org_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`agreement_en` text NOT NULL,
	`agreement_fr` text NOT NULL,
	`notice_en` text NOT NULL,
	`notice_fr` text NOT NULL,
	`quick_exit_url` text NOT NULL,
	`grace_seconds` integer NOT NULL,
	`max_group_size` integer NOT NULL,
	`help_contacts` text NOT NULL,
	`retention_days` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `invites` ADD `requires_code_word` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `notice` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `lobby` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `grace_seconds` integer DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `max_participants` integer DEFAULT 20 NOT NULL;