using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FacePortal.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class CurationDismissals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CurationDismissals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GalleryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ImageA = table.Column<int>(type: "INTEGER", nullable: false),
                    ImageB = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CurationDismissals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CurationDismissals_Galleries_GalleryId",
                        column: x => x.GalleryId,
                        principalTable: "Galleries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CurationDismissals_GalleryId_Kind_ImageA_ImageB",
                table: "CurationDismissals",
                columns: new[] { "GalleryId", "Kind", "ImageA", "ImageB" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CurationDismissals");
        }
    }
}
